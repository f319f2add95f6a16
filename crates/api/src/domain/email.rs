//! An email address, trimmed and lower-cased, that has passed a sanity check.
//! Stored and compared only in this normalised form, so `Ana@X.fr ` and `ana@x.fr` are one account.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Email, String> {
        let email = raw.trim().to_lowercase();
        if email.is_empty() {
            return Err("is required".to_owned());
        }
        if email.chars().count() > 254 {
            return Err("must be at most 254 characters".to_owned());
        }
        if email.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err("must not contain spaces".to_owned());
        }
        let Some((local, domain)) = email.split_once('@') else {
            return Err("must look like name@example.com".to_owned());
        };
        let domain_ok = !domain.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..");
        if local.is_empty() || local.chars().count() > 64 || !domain_ok {
            return Err("must look like name@example.com".to_owned());
        }
        Ok(Email(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Email;

    #[test]
    fn trims_and_lower_cases() {
        assert_eq!(
            Email::parse("  Ana.Dupont@Exemple.FR ").unwrap().as_str(),
            "ana.dupont@exemple.fr"
        );
    }

    #[test]
    fn refuses_what_cannot_be_an_address() {
        for bad in [
            "", "   ", "ana", "ana@", "@x.fr", "ana@x", "a b@x.fr", "a@b@x.fr", "a@x..fr",
            "a@.x.fr",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }
}
