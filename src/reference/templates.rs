//! The e-mail templates of the cadence steps (`reference/templates/LANG/`),
//! shipped in the binary for English, German, French, Spanish, Portuguese
//! and Japanese, and the user's own beside the config file
//! (`templates/LANG/STEP.txt`), which win over the shipped ones. A user's
//! directory with its own `language.toml` adds a language.
//!
//! The template language itself is `domain::draft`'s.

use crate::domain::draft::{parse_template, Language, Template};
use crate::error::{invalid, refused, Result};
use std::path::{Path, PathBuf};

/// The steps with a template (SPEC 4.2's table), as file stems.
pub const STEPS: [&str; 7] = [
    "Account Team Contact",
    "Account Team Meeting",
    "PDM Follow-up",
    "Partner Contact",
    "Customer 1st Contact",
    "Customer 2nd Contact",
    "Customer 3rd Contact",
];

/// A shipped template: its file's stem and its text (found by the stem,
/// so no list has to be kept in the order of another).
macro_rules! file {
    ($l:literal, $stem:literal) => {
        (
            $stem,
            include_str!(concat!(
                "../../reference/templates/",
                $l,
                "/",
                $stem,
                ".txt"
            )),
        )
    };
}

macro_rules! shipped {
    ($($l:literal),*) => {
        [$(($l, include_str!(concat!("../../reference/templates/", $l, "/language.toml")), [
            file!($l, "account-team-contact"),
            file!($l, "account-team-meeting"),
            file!($l, "pdm-follow-up"),
            file!($l, "partner-contact"),
            file!($l, "customer-1st-contact"),
            file!($l, "customer-2nd-contact"),
            file!($l, "customer-3rd-contact"),
        ])),*]
    };
}

/// (code, language.toml, the templates as (file stem, text)).
type Shipped = (
    &'static str,
    &'static str,
    [(&'static str, &'static str); 7],
);
const SHIPPED: [Shipped; 6] = shipped!("en", "de", "fr", "es", "pt", "ja");

/// A template's file name: `Customer 1st Contact` -> `customer-1st-contact.txt`.
pub fn file_name(step: &str) -> String {
    format!("{}.txt", super::slug(step))
}

/// The templates in effect: the shipped ones and the user's directory.
pub struct Templates {
    /// The user's directory (`templates` beside the config file).
    dir: PathBuf,
    /// Every language: code and how it writes dates and lists.
    pub languages: Vec<(String, Language)>,
}

fn bad_file(path: &Path, e: impl std::fmt::Display) -> anyhow::Error {
    invalid(format!("{}: {e}", path.display()))
        .with_hint("fix or remove the file; `ftc cadence draft --help` describes templates")
        .into()
}

impl Templates {
    /// The shipped languages and any the user's directory adds (checked
    /// now: a bad `language.toml` is refused naming the file).
    pub fn load(config_dir: &Path) -> Result<Templates> {
        let dir = config_dir.join("templates");
        let mut languages = Vec::new();
        for (code, toml, _) in SHIPPED {
            let own = dir.join(code).join("language.toml");
            let lang = match read(&own)? {
                Some(text) => Language::parse(&text).map_err(|e| bad_file(&own, e))?,
                None => Language::parse(toml)
                    .map_err(|e| anyhow::anyhow!("shipped {code}/language.toml: {e}"))?,
            };
            languages.push((code.to_string(), lang));
        }
        if let Ok(entries) = std::fs::read_dir(&dir) {
            // Folders only: a stray file (a README, .DS_Store) is no language.
            let mut extra: Vec<String> = entries
                .filter_map(|e| e.ok())
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|c| !SHIPPED.iter().any(|(s, _, _)| s == c))
                .collect();
            extra.sort();
            for code in extra {
                let own = dir.join(&code).join("language.toml");
                if let Some(text) = read(&own)? {
                    let lang = Language::parse(&text).map_err(|e| bad_file(&own, e))?;
                    languages.push((code, lang));
                }
            }
        }
        Ok(Templates { dir, languages })
    }

    /// The codes and names of the languages, for hints.
    pub fn names(&self) -> String {
        self.languages
            .iter()
            .map(|(c, l)| format!("{c} ({})", l.name))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// A step's template in a language: the user's file when there is
    /// one, else the shipped one. A template that does not parse is
    /// refused, naming the file and what is wrong.
    pub fn get(&self, code: &str, step: &str) -> Result<Template> {
        let name = file_name(step);
        let own = self.dir.join(code).join(&name);
        if let Some(text) = read(&own)? {
            return parse_template(&text).map_err(|e| bad_file(&own, e));
        }
        let stem = super::slug(step);
        let shipped = SHIPPED
            .iter()
            .find(|(c, _, _)| *c == code)
            .and_then(|(_, _, files)| files.iter().find(|(f, _)| *f == stem));
        match shipped {
            Some((_, text)) => parse_template(text)
                .map_err(|e| anyhow::anyhow!("shipped template {code}/{name}: {e}")),
            None => Err(refused(format!(
                "no {code} template for {step}: {} does not exist",
                own.display()
            ))
            .with_hint("write it, or choose another language with --lang")
            .into()),
        }
    }
}

/// A file's text, or None when there is no such file.
fn read(path: &Path) -> Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(t) => Ok(Some(t)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(bad_file(path, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::cadence::{template, Party};

    #[test]
    fn every_step_of_the_cadence_has_a_template_name() {
        for party in [Party::AccountTeam, Party::Partner, Party::Customer] {
            for attempt in 1..=party.max_attempts() {
                for pdm in [false, true] {
                    let (name, _) = template(party, attempt, pdm);
                    assert!(STEPS.contains(&name), "{name}");
                }
            }
        }
    }

    /// Every shipped language has every step, each parses, and each
    /// customer follow-up keeps the first e-mail's subject (it is a reply).
    #[test]
    fn every_shipped_language_has_every_step() {
        let t = Templates::load(Path::new("/nonexistent")).unwrap();
        assert_eq!(t.languages.len(), 6);
        let v = crate::domain::draft::Values::default();
        for (code, _) in &t.languages {
            for step in STEPS {
                t.get(code, step)
                    .unwrap_or_else(|e| panic!("{code} {step}: {e}"));
            }
            let subject = |step: &str| t.get(code, step).unwrap().fill(&v).0;
            let first = subject("Customer 1st Contact");
            assert_eq!(subject("Customer 2nd Contact"), first, "{code}");
            assert_eq!(subject("Customer 3rd Contact"), first, "{code}");
        }
        // Every step's file is shipped in every language, by its own name.
        for (code, _, files) in SHIPPED {
            let mut stems: Vec<&str> = files.iter().map(|(f, _)| *f).collect();
            let mut want: Vec<String> = STEPS.iter().map(|s| crate::reference::slug(s)).collect();
            stems.sort_unstable();
            want.sort();
            assert_eq!(stems, want, "{code}");
        }
    }
}
