//! Request bodies: any bytes sent as JSON to the registration, login and offer routes are
//! either refused or parsed into domain values that keep their promises. Never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use offreapi::domain::{
    Answers, Email, OfferDraft, Pagination, Password, PersonName, MAX_QUESTIONS, MAX_SKILLS,
};
use offreapi_types::{LoginRequest, OfferInput, RegisterRequest};

fuzz_target!(|bytes: &[u8]| {
    if let Ok(register) = serde_json::from_slice::<RegisterRequest>(bytes) {
        if let Ok(email) = Email::parse(&register.email) {
            assert_eq!(Email::parse(email.as_str()).as_ref().map(Email::as_str), Ok(email.as_str()));
        }
        if let Ok(name) = PersonName::parse(&register.full_name) {
            assert!(!name.as_str().trim().is_empty());
        }
        let _ = Password::parse(register.password);
    }
    if let Ok(login) = serde_json::from_slice::<LoginRequest>(bytes) {
        let _ = Email::parse(&login.email);
    }
    if let Ok(input) = serde_json::from_slice::<OfferInput>(bytes) {
        if let Ok(draft) = OfferDraft::parse(input) {
            assert_eq!(draft.title.trim(), draft.title, "titles are trimmed");
            assert!(!draft.title.is_empty() && !draft.description.is_empty());
            assert!(draft.skills.len() <= MAX_SKILLS && draft.questions.len() <= MAX_QUESTIONS);
        }
    }
    let text = String::from_utf8_lossy(bytes);
    if let Ok(answers) = Answers::parse(Some(&text), 3) {
        assert!(answers.into_inner().len() <= 3);
    }
    if bytes.len() >= 16 {
        let page = u64::from_le_bytes(bytes[..8].try_into().unwrap());
        let per_page = u64::from_le_bytes(bytes[8..16].try_into().unwrap());
        if let Ok(pagination) = Pagination::parse(Some(page), Some(per_page)) {
            // Bounded pages cannot overflow the offset.
            assert!(pagination.offset() < 1_000_000 * 100);
        }
    }
});
