//! A password that meets the policy: 8 to 128 characters, not only spaces.
//! It never leaves the process except as an Argon2id hash.

use std::fmt;

pub const MIN_PASSWORD_CHARS: usize = 8;
pub const MAX_PASSWORD_CHARS: usize = 128;

pub struct Password(String);

impl Password {
    pub fn parse(raw: String) -> Result<Password, String> {
        let length = raw.chars().count();
        if length < MIN_PASSWORD_CHARS {
            return Err(format!("must be at least {MIN_PASSWORD_CHARS} characters"));
        }
        if length > MAX_PASSWORD_CHARS {
            return Err(format!("must be at most {MAX_PASSWORD_CHARS} characters"));
        }
        if raw.chars().all(char::is_whitespace) {
            return Err("must not be only spaces".to_owned());
        }
        Ok(Password(raw))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::Password;

    #[test]
    fn enforces_the_policy() {
        assert!(Password::parse("short".into()).is_err());
        assert!(Password::parse("        ".into()).is_err());
        assert!(Password::parse("x".repeat(129)).is_err());
        assert!(Password::parse("correct horse".into()).is_ok());
        // Characters, not bytes: eight accented letters are enough.
        assert!(Password::parse("éééééééé".into()).is_ok());
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let password = Password::parse("hunter2hunter2".into()).unwrap();
        assert!(!format!("{password:?}").contains("hunter2"));
    }
}
