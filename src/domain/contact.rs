//! Contacts and partners as rules: the kinds of contact, the account-team
//! roles, which fields each kind requires (SPEC 3.2), and MPN IDs.

use chrono::NaiveDate;
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// Who a contact is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum ContactKind {
    /// Someone of the customer.
    Customer,
    /// Someone of the partner deploying for the customer.
    Partner,
    /// Someone of the account team (Microsoft).
    Microsoft,
}

impl ContactKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ContactKind::Microsoft => "microsoft",
            ContactKind::Partner => "partner",
            ContactKind::Customer => "customer",
        }
    }
}

impl fmt::Display for ContactKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ContactKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "microsoft" => Ok(ContactKind::Microsoft),
            "partner" => Ok(ContactKind::Partner),
            "customer" => Ok(ContactKind::Customer),
            _ => Err(format!(
                "'{s}' is not a contact kind (customer, partner, microsoft)"
            )),
        }
    }
}

/// The role of an account-team (Microsoft) contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// The account manager (a managed customer has one).
    AccountManager,
    /// Partner development manager: can confirm a partner, cannot give DIBS.
    Pdm,
    /// Partner sales executive.
    Pse,
    /// Account technology strategist.
    Ats,
    /// Customer success manager.
    Csm,
    Other,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::AccountManager,
        Role::Pdm,
        Role::Pse,
        Role::Ats,
        Role::Csm,
        Role::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::AccountManager => "account-manager",
            Role::Pdm => "pdm",
            Role::Pse => "pse",
            Role::Ats => "ats",
            Role::Csm => "csm",
            Role::Other => "other",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let key = s.trim().to_ascii_lowercase();
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == key)
            .ok_or_else(|| {
                let all: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
                format!("'{s}' is not a role ({})", all.join(", "))
            })
    }
}

/// Which of a new contact's optional fields were given (non-empty).
#[derive(Debug, Clone, Copy, Default)]
pub struct Given {
    pub role: bool,
    pub country: bool,
    pub survey_language: bool,
    pub services: bool,
}

/// The flags a contact of this kind requires but did not get, in the order
/// of the command line. `--name` and `--email` are always required by clap.
pub fn missing_fields(kind: ContactKind, given: Given) -> Vec<&'static str> {
    let wanted: &[(&str, bool)] = match kind {
        ContactKind::Customer => &[
            ("--country", given.country),
            ("--survey-language", given.survey_language),
            ("--services", given.services),
        ],
        ContactKind::Partner => &[("--services", given.services)],
        ContactKind::Microsoft => &[("--role", given.role)],
    };
    wanted
        .iter()
        .filter(|(_, ok)| !ok)
        .map(|(flag, _)| *flag)
        .collect()
}

/// The name of the partner that deploys nothing (SPEC 3.2 `partner none`).
pub const NO_PARTNER_NAME: &str = "No Partner Identified";
/// Its MPN ID.
pub const NO_PARTNER_MPN: &str = "N/A";

/// An MPN ID (Microsoft Partner Network, now the partner ID): digits only,
/// 1 to 12 of them; spaces around it are dropped.
pub fn parse_mpn(s: &str) -> Result<String, String> {
    let t = s.trim();
    if !t.is_empty() && t.len() <= 12 && t.bytes().all(|b| b.is_ascii_digit()) {
        Ok(t.to_string())
    } else {
        Err(format!(
            "{} is not an MPN ID (a number such as 4410001)",
            crate::domain::values::shown(s)
        ))
    }
}

/// A person's or organisation's name: trimmed, not empty, one line.
pub fn parse_name(s: &str) -> Result<String, String> {
    let t = s.trim();
    if t.is_empty() {
        Err("the name is empty".into())
    } else if t.contains(['\n', '\r']) {
        Err(format!("'{t}' spans more than one line"))
    } else if t.chars().any(char::is_control) {
        // They act on a terminal, and a NUL cannot be stored on a server.
        Err("the name contains control characters".into())
    } else {
        Ok(t.to_string())
    }
}

/// One contact of a tenant.
#[derive(Debug, Clone, PartialEq)]
pub struct Contact {
    pub id: i64,
    pub tenant_id: i64,
    pub kind: ContactKind,
    pub name: String,
    pub email: String,
    /// Set for Microsoft (account-team) contacts only.
    pub role: Option<Role>,
    pub country: Option<String>,
    pub survey_language: Option<String>,
    /// Workload slugs.
    pub services: Vec<String>,
    pub survey_eligible: bool,
    pub do_not_contact: bool,
    /// Marked IS ENGAGED (replied, or confirmed working with us).
    pub engaged: bool,
    pub added_on: NaiveDate,
    /// A PDM or PSE: the MPN ID of the partner it manages.
    pub partner_mpn: Option<String>,
}

/// The partner on a tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partner {
    pub name: String,
    pub mpn: String,
    /// Workload slugs the partner deploys for the customer.
    pub deploying: Vec<String>,
    /// Its MPN ID is on the FRP list.
    pub is_frp: bool,
}

impl Partner {
    /// The partner that deploys nothing (`ftc partner none`).
    pub fn none() -> Partner {
        Partner {
            name: NO_PARTNER_NAME.into(),
            mpn: NO_PARTNER_MPN.into(),
            deploying: Vec::new(),
            is_frp: false,
        }
    }

    /// A partner other than `No Partner Identified`: the cadence contacts it.
    pub fn is_real(&self) -> bool {
        !self.name.eq_ignore_ascii_case(NO_PARTNER_NAME)
    }

    /// Engaged: it deploys at least one workload for the customer.
    pub fn is_engaged(&self) -> bool {
        self.is_real() && !self.deploying.is_empty()
    }
}

/// The partner the rules and the cadence deal with among those listed on a
/// tenant: the one deploying a workload (confirmed), else the only one
/// listed; `None` while several candidates wait for the account team to
/// confirm one (or none is listed).
pub fn the_partner(partners: &[Partner]) -> Option<&Partner> {
    partners.iter().find(|p| p.is_engaged()).or(match partners {
        [one] => Some(one),
        _ => None,
    })
}

/// The candidate partners: two or more real partners listed and none
/// confirmed (the account team is asked to confirm one).
pub fn candidates(partners: &[Partner]) -> Vec<&Partner> {
    let real: Vec<&Partner> = partners.iter().filter(|p| p.is_real()).collect();
    if real.len() >= 2 && !real.iter().any(|p| p.is_engaged()) {
        real
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn given(role: bool, country: bool, lang: bool, services: bool) -> Given {
        Given {
            role,
            country,
            survey_language: lang,
            services,
        }
    }

    #[rstest]
    #[case(ContactKind::Customer, given(false, true, true, true), &[])]
    #[case(ContactKind::Customer, given(false, false, true, true), &["--country"])]
    #[case(ContactKind::Customer, given(false, false, false, false), &["--country", "--survey-language", "--services"])]
    #[case(ContactKind::Partner, given(false, false, false, true), &[])]
    #[case(ContactKind::Partner, given(false, true, true, false), &["--services"])]
    #[case(ContactKind::Microsoft, given(true, false, false, false), &[])]
    #[case(ContactKind::Microsoft, given(false, true, true, true), &["--role"])]
    fn required_fields(#[case] kind: ContactKind, #[case] g: Given, #[case] want: &[&str]) {
        assert_eq!(missing_fields(kind, g), want);
    }

    #[rstest]
    #[case("4410001", true)]
    #[case(" 12 ", true)]
    #[case("N/A", false)]
    #[case("", false)]
    #[case("44-10", false)]
    #[case("1234567890123", false)]
    fn mpns(#[case] input: &str, #[case] ok: bool) {
        assert_eq!(parse_mpn(input).is_ok(), ok, "{input}");
    }

    #[test]
    fn roles_and_kinds_round_trip() {
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>().unwrap(), r);
        }
        assert!("boss"
            .parse::<Role>()
            .unwrap_err()
            .contains("account-manager"));
        assert_eq!(
            "Partner".parse::<ContactKind>().unwrap(),
            ContactKind::Partner
        );
    }

    #[test]
    fn names() {
        assert_eq!(parse_name("  Ann Lee ").unwrap(), "Ann Lee");
        assert!(parse_name("   ").is_err());
        assert!(parse_name("a\nb").is_err());
    }
}
