//! The app's words in French (the default) and English, and the language switch.
//! Every text is a `Text` holding both translations, so a missing one does not compile.

use leptos::prelude::*;

const STORAGE_KEY: &str = "offreapi.lang";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Fr,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Fr => Lang::En,
            Lang::En => Lang::Fr,
        }
    }
}

/// One piece of interface text in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    pub fr: &'static str,
    pub en: &'static str,
}

impl Text {
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Fr => self.fr,
            Lang::En => self.en,
        }
    }
}

/// The current language, shared through Leptos context.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

impl I18n {
    /// Reads the saved choice (French when there is none) and keeps `<html lang>` in step.
    pub fn provide() -> I18n {
        let saved = crate::storage::read(STORAGE_KEY).and_then(|code| Lang::from_code(&code));
        let i18n = I18n {
            lang: RwSignal::new(saved.unwrap_or(Lang::Fr)),
        };
        Effect::new(move |_| {
            let lang = i18n.lang.get();
            crate::storage::write(STORAGE_KEY, lang.code());
            if let Some(root) = document().document_element() {
                let _ = root.set_attribute("lang", lang.code());
            }
        });
        provide_context(i18n);
        i18n
    }

    pub fn lang(self) -> Lang {
        self.lang.get()
    }

    pub fn set(self, lang: Lang) {
        self.lang.set(lang);
    }

    /// The text in the current language; reactive when read inside a view closure.
    pub fn t(self, text: Text) -> &'static str {
        text.get(self.lang.get())
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// A text in the current language, as a reactive view or attribute value. Every text shares
/// this one closure type, which keeps the compiled app small (see BENCHMARKS.md).
pub fn tr(text: Text) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let i18n = use_i18n();
    move || i18n.t(text)
}

/// A score in [0, 1] as a percentage, written the way each language writes one.
pub fn percent(lang: Lang, score: f64) -> String {
    let value = (score * 100.0).round() as i64;
    match lang {
        Lang::Fr => format!("{value} %"),
        Lang::En => format!("{value}%"),
    }
}

/// A non-negative number with `digits` decimals and the language's decimal separator.
/// Integer arithmetic only: float formatting would add kilobytes to the wasm.
pub fn decimal(lang: Lang, value: f64, digits: u32) -> String {
    let scale = 10_i64.pow(digits);
    let scaled = (value.abs() * scale as f64).round() as i64;
    let sign = if value < 0.0 && scaled != 0 { "-" } else { "" };
    let whole = scaled / scale;
    if digits == 0 {
        return format!("{sign}{whole}");
    }
    let separator = match lang {
        Lang::Fr => ',',
        Lang::En => '.',
    };
    let fraction = scaled % scale;
    format!(
        "{sign}{whole}{separator}{fraction:0width$}",
        width = digits as usize
    )
}

/// A byte count in the largest unit that keeps it above one.
pub fn size(lang: Lang, bytes: f64) -> String {
    let (value, unit) = if bytes >= 1024.0 * 1024.0 {
        (bytes / (1024.0 * 1024.0), ["Mo", "MB"])
    } else if bytes >= 1024.0 {
        (bytes / 1024.0, ["Ko", "KB"])
    } else {
        (bytes, ["o", "B"])
    };
    let unit = match lang {
        Lang::Fr => unit[0],
        Lang::En => unit[1],
    };
    format!(
        "{} {unit}",
        decimal(lang, value, if value < 10.0 { 1 } else { 0 })
    )
}

/// A calendar date as each language writes it.
pub fn date(lang: Lang, at: chrono::DateTime<chrono::Utc>) -> String {
    use chrono::Datelike;
    let (year, month, day) = (at.year(), at.month(), at.day());
    match lang {
        Lang::Fr => format!("{day:02}/{month:02}/{year}"),
        Lang::En => format!("{year}-{month:02}-{day:02}"),
    }
}

macro_rules! texts {
    ($($name:ident = $fr:literal, $en:literal;)*) => {
        $(pub const $name: Text = Text { fr: $fr, en: $en };)*
        #[cfg(test)]
        pub const ALL: &[Text] = &[$($name),*];
    };
}

/// The interface's texts, by the place they appear.
pub mod txt {
    use super::Text;

    texts! {
        APP_NAME = "OffreAPI", "OffreAPI";
        SKIP_TO_CONTENT = "Aller au contenu", "Skip to content";
        NAV_OFFERS = "Offres", "Offers";
        NAV_MY_APPLICATIONS = "Mes candidatures", "My applications";
        NAV_MY_OFFERS = "Mes offres", "My offers";
        NAV_NEW_OFFER = "Publier une offre", "Post an offer";
        NAV_SIGN_IN = "Se connecter", "Sign in";
        NAV_SIGN_UP = "Créer un compte", "Sign up";
        NAV_SIGN_OUT = "Se déconnecter", "Sign out";
        NAV_MAIN = "Navigation principale", "Main navigation";
        SWITCH_LANGUAGE = "English", "Français";
        SWITCH_LANGUAGE_LABEL = "Switch to English", "Passer en français";
        LOADING = "Chargement…", "Loading…";
        ERROR_TITLE = "Une erreur est survenue", "Something went wrong";
        NETWORK_ERROR = "Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.", "The server does not answer. Check your connection and try again.";
        SESSION_EXPIRED = "Votre session a expiré : reconnectez-vous.", "Your session has expired: please sign in again.";
        SIGN_IN_REQUIRED = "Connectez-vous pour accéder à cette page.", "Sign in to open this page.";
        RECRUITERS_ONLY = "Cette page est réservée aux recruteurs.", "This page is for recruiters only.";
        CANDIDATES_ONLY = "Cette page est réservée aux candidats.", "This page is for candidates only.";
        NOT_FOUND_TITLE = "Page introuvable", "Page not found";
        NOT_FOUND_BODY = "Cette adresse ne correspond à aucune page.", "This address matches no page.";
        BACK_TO_OFFERS = "Retour aux offres", "Back to offers";

        OFFERS_TITLE = "Offres d'emploi", "Job offers";
        SEARCH = "Rechercher", "Search";
        SEARCH_TERMS = "Mots-clés", "Keywords";
        SEARCH_LOCATION = "Lieu", "Location";
        SEARCH_SKILL = "Compétence", "Skill";
        SEARCH_RESET = "Effacer les filtres", "Clear filters";
        NO_OFFERS = "Aucune offre ne correspond à ces critères.", "No offer matches these criteria.";
        PAGE_PREVIOUS = "Page précédente", "Previous page";
        PAGE_NEXT = "Page suivante", "Next page";
        PAGINATION = "Pagination", "Pagination";
        RESULTS = "résultat(s)", "result(s)";
        LOCATION_ANYWHERE = "Lieu non précisé", "Location not given";
        SKILLS = "Compétences", "Skills";
        QUESTIONS = "Questions", "Questions";
        DESCRIPTION = "Description", "Description";
        PUBLISHED_ON = "Publiée le", "Posted on";
        STATUS_OPEN = "Ouverte", "Open";
        STATUS_CLOSED = "Fermée", "Closed";
        APPLY = "Postuler", "Apply";
        SIGN_IN_TO_APPLY = "Connectez-vous en tant que candidat pour postuler.", "Sign in as a candidate to apply.";
        OFFER_CLOSED = "Cette offre est fermée aux candidatures.", "This offer no longer takes applications.";

        SIGN_IN_TITLE = "Connexion", "Sign in";
        SIGN_UP_TITLE = "Créer un compte", "Create an account";
        EMAIL = "Adresse e-mail", "Email address";
        PASSWORD = "Mot de passe", "Password";
        PASSWORD_HINT = "Au moins 8 caractères.", "At least 8 characters.";
        FULL_NAME = "Nom complet", "Full name";
        ROLE = "Je suis", "I am";
        ROLE_CANDIDATE = "Candidat·e", "A candidate";
        ROLE_RECRUITER = "Recruteur·se", "A recruiter";
        SUBMIT_SIGN_IN = "Se connecter", "Sign in";
        SUBMIT_SIGN_UP = "Créer mon compte", "Create my account";
        NO_ACCOUNT = "Pas encore de compte ?", "No account yet?";
        HAVE_ACCOUNT = "Déjà un compte ?", "Already have an account?";
        WORKING = "Envoi…", "Sending…";

        APPLY_TITLE = "Postuler", "Apply";
        CV_FILE = "Votre CV (PDF, 10 Mo au plus)", "Your CV (PDF, at most 10 MB)";
        DROP_HINT = "Déposez votre CV ici ou choisissez un fichier.", "Drop your CV here or choose a file.";
        CV_NOT_PDF = "Ce fichier n'est pas un PDF.", "This file is not a PDF.";
        CV_TOO_LARGE = "Ce fichier dépasse 10 Mo.", "This file is larger than 10 MB.";
        CV_EMPTY = "Ce fichier est vide.", "This file is empty.";
        CV_MISSING = "Choisissez d'abord votre CV.", "Choose your CV first.";
        ANSWER_REQUIRED = "Répondez à chaque question.", "Answer every question.";
        SEND_APPLICATION = "Envoyer ma candidature", "Send my application";
        UPLOADING = "Envoi du CV", "Uploading the CV";
        APPLIED = "Candidature envoyée. Votre score :", "Application sent. Your score:";
        SEE_MY_APPLICATIONS = "Voir mes candidatures", "See my applications";

        MY_APPLICATIONS_TITLE = "Mes candidatures", "My applications";
        NO_APPLICATIONS = "Vous n'avez encore postulé à aucune offre.", "You have not applied to any offer yet.";
        OFFER = "Offre", "Offer";
        STATUS = "Statut", "Status";
        SCORE = "Score", "Score";
        MISSING_SKILLS = "Compétences absentes du CV", "Skills the CV does not show";
        MATCHED_SKILLS = "Compétences trouvées", "Skills found";
        NONE = "aucune", "none";
        SUBMITTED = "Envoyée", "Submitted";
        SUBMITTED_ON = "Envoyée le", "Sent on";
        WITHDRAW = "Retirer", "Withdraw";
        WITHDRAW_CONFIRM = "Retirer cette candidature ?", "Withdraw this application?";
        NOT_SCORED = "pas encore noté", "not scored yet";

        MY_OFFERS_TITLE = "Mes offres", "My offers";
        NO_MY_OFFERS = "Vous n'avez publié aucune offre.", "You have not posted any offer.";
        EDIT = "Modifier", "Edit";
        CLOSE_OFFER = "Fermer", "Close";
        REOPEN_OFFER = "Rouvrir", "Reopen";
        DELETE = "Supprimer", "Delete";
        DELETE_CONFIRM = "Supprimer cette offre et ses candidatures ?", "Delete this offer and its applications?";
        DASHBOARD = "Tableau de bord", "Dashboard";
        ACTIONS = "Actions", "Actions";

        NEW_OFFER_TITLE = "Publier une offre", "Post an offer";
        EDIT_OFFER_TITLE = "Modifier l'offre", "Edit the offer";
        TITLE = "Intitulé", "Title";
        LOCATION = "Lieu", "Location";
        ADD_SKILL = "Ajouter une compétence", "Add a skill";
        ADD_QUESTION = "Ajouter une question", "Add a question";
        REMOVE = "Retirer", "Remove";
        SKILL_N = "Compétence", "Skill";
        QUESTION_N = "Question", "Question";
        SAVE = "Enregistrer", "Save";
        PUBLISH = "Publier", "Publish";
        SAVED = "Offre enregistrée.", "Offer saved.";

        DASHBOARD_TITLE = "Tableau de bord", "Dashboard";
        RESCORING = "Les scores sont en cours de recalcul ; la page se met à jour d'elle-même.", "Scores are being recomputed; this page updates by itself.";
        APPLICATIONS = "Candidatures", "Applications";
        MEAN = "Moyenne", "Mean";
        MEDIAN = "Médiane", "Median";
        SPREAD = "Écart-type", "Standard deviation";
        RANGE = "Min – max", "Min – max";
        HISTOGRAM = "Répartition des scores", "Score distribution";
        HISTOGRAM_X = "Score", "Score";
        HISTOGRAM_Y = "Candidatures", "Applications";
        RANKING = "Classement des candidats", "Candidate ranking";
        RANK = "Rang", "Rank";
        CANDIDATE = "Candidat·e", "Candidate";
        TOP_TERMS = "Termes marquants", "Top terms";
        CV = "CV", "CV";
        DOWNLOAD_CV = "Télécharger le CV", "Download the CV";
        EXPORT_CSV = "Exporter en CSV", "Export as CSV";
        NO_CANDIDATES = "Aucune candidature pour l'instant.", "No application yet.";
        CHART_EMPTY = "Pas encore de score à représenter.", "No score to chart yet.";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_has_both_languages() {
        for text in txt::ALL {
            assert!(
                !text.fr.trim().is_empty(),
                "empty French text beside {:?}",
                text.en
            );
            assert!(
                !text.en.trim().is_empty(),
                "empty English text beside {:?}",
                text.fr
            );
        }
    }

    #[test]
    fn language_codes_round_trip() {
        for lang in [Lang::Fr, Lang::En] {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
            assert_eq!(lang.other().other(), lang);
        }
        assert_eq!(Lang::from_code("de"), None);
    }

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(percent(Lang::Fr, 0.8749), "87 %");
        assert_eq!(percent(Lang::En, 0.8751), "88%");
        assert_eq!(decimal(Lang::Fr, 0.126, 2), "0,13");
        assert_eq!(decimal(Lang::En, 0.5, 2), "0.50");
        assert_eq!(decimal(Lang::En, 12.04, 1), "12.0");
        assert_eq!(decimal(Lang::Fr, -0.25, 1), "-0,3");
        assert_eq!(decimal(Lang::En, 3.7, 0), "4");
        assert_eq!(size(Lang::En, 2.5 * 1024.0 * 1024.0), "2.5 MB");
        assert_eq!(size(Lang::Fr, 300.0 * 1024.0), "300 Ko");
        assert_eq!(size(Lang::En, 12.0), "12 B");
        let at = chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        assert_eq!(date(Lang::Fr, at), "14/11/2023");
        assert_eq!(date(Lang::En, at), "2023-11-14");
    }
}
