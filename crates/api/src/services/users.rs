//! Accounts: creating them and finding them by email or id.

use chrono::Utc;
use offreapi_types::{Role, User};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set, SqlErr,
};

use crate::domain::{Email, PersonName};
use crate::entities::user;
use crate::error::ApiError;

pub struct NewUser {
    pub email: Email,
    pub password_hash: String,
    pub full_name: PersonName,
    pub role: Role,
}

/// Inserts a user; a taken email is a 409, decided by the database's unique index.
pub async fn create(db: &DatabaseConnection, new_user: NewUser) -> Result<User, ApiError> {
    let row = user::ActiveModel {
        email: Set(new_user.email.as_str().to_owned()),
        password_hash: Set(new_user.password_hash),
        full_name: Set(new_user.full_name.as_str().to_owned()),
        role: Set(new_user.role.as_str().to_owned()),
        created_at: Set(Utc::now()),
        ..Default::default()
    };
    match row.insert(db).await {
        Ok(model) => to_wire(model),
        Err(error) if matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            Err(ApiError::Conflict(
                "an account with this email already exists: sign in instead".to_owned(),
            ))
        }
        Err(error) => Err(error.into()),
    }
}

pub async fn find_by_email(
    db: &DatabaseConnection,
    email: &Email,
) -> Result<Option<user::Model>, ApiError> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(db)
        .await?)
}

pub async fn find(db: &DatabaseConnection, id: i32) -> Result<Option<User>, ApiError> {
    user::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(to_wire)
        .transpose()
}

pub fn to_wire(model: user::Model) -> Result<User, ApiError> {
    let role = model
        .role
        .parse::<Role>()
        .map_err(|e| ApiError::Internal(format!("user {}: {e}", model.id)))?;
    Ok(User {
        id: i64::from(model.id),
        email: model.email,
        full_name: model.full_name,
        role,
        created_at: model.created_at,
    })
}
