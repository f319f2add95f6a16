//! Connecting to SQLite or PostgreSQL, retrying while the database comes up, and migrating.
//! One code path for both: only the connection URL differs.

use std::path::Path;
use std::time::{Duration, Instant};

use offreapi_migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbErr};

use crate::configuration::Settings;

/// Connects with exponential backoff until `db_connect_timeout_seconds` have passed, so a pod
/// that starts before its database waits for it instead of crash-looping.
pub async fn connect(settings: &Settings) -> Result<DatabaseConnection, DbErr> {
    let url = prepare_url(&settings.database_url)?;
    let deadline = Instant::now() + Duration::from_secs(settings.db_connect_timeout_seconds);
    let mut delay = Duration::from_millis(100);
    loop {
        let mut options = ConnectOptions::new(url.clone());
        options
            .max_connections(settings.db_max_connections)
            .min_connections(1)
            .connect_timeout(Duration::from_secs(5))
            .acquire_timeout(Duration::from_secs(5))
            .sqlx_logging(false);
        match Database::connect(options).await {
            Ok(db) => {
                tune(&db).await?;
                return Ok(db);
            }
            Err(error) if Instant::now() + delay < deadline => {
                tracing::warn!(%error, retry_in_ms = delay.as_millis() as u64, "database not reachable yet");
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(Duration::from_secs(5));
            }
            Err(error) => return Err(error),
        }
    }
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// For SQLite: creates the file's directory and asks for the file to be created if missing.
fn prepare_url(url: &str) -> Result<String, DbErr> {
    let Some(rest) = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
    else {
        return Ok(url.to_owned());
    };
    let (path, params) = rest.split_once('?').unwrap_or((rest, ""));
    if path.is_empty() || path == ":memory:" {
        return Ok(url.to_owned());
    }
    if let Some(parent) = Path::new(path)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent).map_err(|e| {
            DbErr::Custom(format!(
                "cannot create the database directory {}: {e}",
                parent.display()
            ))
        })?;
    }
    if params.contains("mode=") {
        Ok(url.to_owned())
    } else if params.is_empty() {
        Ok(format!("sqlite://{path}?mode=rwc"))
    } else {
        Ok(format!("sqlite://{path}?{params}&mode=rwc"))
    }
}

/// SQLite: write-ahead logging lets readers run beside the writer.
async fn tune(db: &DatabaseConnection) -> Result<(), DbErr> {
    if db.get_database_backend() == sea_orm::DbBackend::Sqlite {
        db.execute_unprepared("PRAGMA journal_mode=WAL").await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::prepare_url;

    #[test]
    fn sqlite_urls_ask_for_file_creation() {
        let dir = std::env::temp_dir().join("offreapi-url-test");
        let url = format!("sqlite://{}/x.db", dir.display());
        assert_eq!(prepare_url(&url).unwrap(), format!("{url}?mode=rwc"));
        assert!(dir.is_dir());
        let with_mode = format!("sqlite://{}/x.db?mode=ro", dir.display());
        assert_eq!(prepare_url(&with_mode).unwrap(), with_mode);
        assert_eq!(
            prepare_url("postgres://u@h/db").unwrap(),
            "postgres://u@h/db"
        );
    }
}
