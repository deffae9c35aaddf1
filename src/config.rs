//! The typed config file (SPEC section 2). Every key is optional; unknown
//! keys are an error naming the file and the key. Loading never writes.

use crate::domain::calendar as domain_calendar;
use crate::domain::values::{parse_date, Region};
use crate::error::{invalid, Result};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The commented template `ftc config init` writes.
pub const TEMPLATE: &str = include_str!("config_template.toml");

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Config {
    /// The database: a file path, or `postgres://...` for a team server
    /// (`--db` and `FTC_DB` win over it).
    pub db: Option<String>,
    pub eligibility: Eligibility,
    pub cadence: Cadence,
    pub calendar: Calendar,
    pub goback: GoBack,
    pub assignment: Assignment,
    pub fta: Fta,
    pub roles: Roles,
    pub reference: ReferenceExt,
}

/// What a user adds to the shipped reference data.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ReferenceExt {
    /// Extra workloads: `{ slug, name, aliases = [...], frp_eligible }`.
    pub workloads: Vec<crate::reference::Workload>,
    /// Extra DIBS business reasons.
    pub business_reasons: Vec<String>,
    /// Extra L1/L2/L3 combinations: `{ l1, l2, l3, workload }` (workload a slug or `*`).
    pub taxonomy: Vec<crate::reference::TaxonomyRow>,
}

impl ReferenceExt {
    /// Adds nothing to the shipped data.
    pub fn is_empty(&self) -> bool {
        self.workloads.is_empty() && self.business_reasons.is_empty() && self.taxonomy.is_empty()
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct Eligibility {
    pub min_seats: i64,
}

impl Default for Eligibility {
    fn default() -> Self {
        Eligibility { min_seats: 150 }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct Cadence {
    pub response_days: u32,
    pub account_team_days: Option<u32>,
    pub partner_days: Option<u32>,
    pub customer_days: Option<u32>,
    pub max_pause_days: u32,
}

impl Default for Cadence {
    fn default() -> Self {
        Cadence {
            response_days: 3,
            account_team_days: None,
            partner_days: None,
            customer_days: None,
            max_pause_days: 30,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct Calendar {
    pub weekend: Vec<String>,
    pub holidays: Holidays,
    pub ics: BTreeMap<String, PathBuf>,
}

impl Default for Calendar {
    fn default() -> Self {
        Calendar {
            weekend: vec!["sat".into(), "sun".into()],
            holidays: Holidays::default(),
            ics: BTreeMap::new(),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Holidays {
    pub all: Vec<String>,
    pub americas: Vec<String>,
    pub emea: Vec<String>,
    pub apj: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct GoBack {
    pub css_activity_days: u32,
}

impl Default for GoBack {
    fn default() -> Self {
        GoBack {
            css_activity_days: 90,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct Assignment {
    pub css_min_seats: i64,
    pub reactive_max_seats: i64,
    pub frp_referral_min_workload_seats: i64,
    /// Usage thresholds of the FRP referral (percent), when usage is known.
    pub referral_usage_small_max: f64,
    pub referral_usage_core_max: f64,
    pub referral_usage_collab_max: f64,
}

impl Default for Assignment {
    fn default() -> Self {
        let u = crate::domain::usage::UsageThresholds::default();
        Assignment {
            css_min_seats: 10000,
            reactive_max_seats: 999,
            frp_referral_min_workload_seats: 150,
            referral_usage_small_max: u.small_max,
            referral_usage_core_max: u.core_max,
            referral_usage_collab_max: u.collab_max,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct Fta {
    pub sla_business_days: u32,
}

impl Default for Fta {
    fn default() -> Self {
        Fta {
            sla_business_days: 2,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Roles {
    pub slt_editors: Vec<String>,
}

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

impl Config {
    /// Parse a config text; `origin` names the file in error messages.
    pub fn parse(text: &str, origin: &Path) -> Result<Config> {
        let shown = origin.display();
        let de = toml::Deserializer::parse(text).map_err(|e| {
            invalid(format!(
                "config file {shown}: {}",
                first_line(&e.to_string())
            ))
        })?;
        let mut unknown = Vec::new();
        let cfg: Config = serde_ignored::deserialize(de, |path| unknown.push(path.to_string()))
            .map_err(|e| {
                invalid(format!(
                    "config file {shown}: {}",
                    first_line(&e.to_string())
                ))
            })?;
        if let Some(key) = unknown.first() {
            return Err(invalid(format!("config file {shown}: unknown key '{key}'"))
                .with_hint("see `ftc config init` for every key the config accepts")
                .into());
        }
        cfg.validate(origin)?;
        Ok(cfg)
    }

    /// Load the config: an explicit path must exist; a missing default is fine.
    pub fn load(path: &Path, explicit: bool) -> Result<Config> {
        match std::fs::read_to_string(path) {
            Ok(text) => Config::parse(&text, path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {
                Ok(Config::default())
            }
            Err(e) => {
                Err(invalid(format!("cannot read config file {}: {e}", path.display())).into())
            }
        }
    }

    fn validate(&self, origin: &Path) -> Result<()> {
        let shown = origin.display();
        for d in &self.calendar.weekend {
            if !WEEKDAYS.contains(&d.to_ascii_lowercase().as_str()) {
                return Err(invalid(format!(
                    "config file {shown}: calendar.weekend: '{d}' is not a weekday (mon..sun)"
                ))
                .into());
            }
        }
        for (key, list) in self.holiday_lists() {
            for d in list {
                parse_date(d).map_err(|e| {
                    invalid(format!("config file {shown}: calendar.holidays.{key}: {e}"))
                })?;
            }
        }
        for key in self.calendar.ics.keys() {
            if key != "all" && key.parse::<Region>().is_err() {
                return Err(invalid(format!(
                    "config file {shown}: calendar.ics.{key}: not a region (all, americas, emea, apj)"
                ))
                .into());
            }
        }
        if self.eligibility.min_seats < 0 {
            return Err(invalid(format!(
                "config file {shown}: eligibility.min_seats must be 0 or more"
            ))
            .into());
        }
        Ok(())
    }

    fn holiday_lists(&self) -> [(&'static str, &Vec<String>); 4] {
        let h = &self.calendar.holidays;
        [
            ("all", &h.all),
            ("americas", &h.americas),
            ("emea", &h.emea),
            ("apj", &h.apj),
        ]
    }

    /// The holiday dates listed in the config for a region (its own and `all`).
    pub fn holidays_for(&self, region: Option<Region>) -> Vec<NaiveDate> {
        let h = &self.calendar.holidays;
        let own: &[String] = match region {
            Some(Region::Americas) => &h.americas,
            Some(Region::Emea) => &h.emea,
            Some(Region::Apj) => &h.apj,
            None => &[],
        };
        h.all
            .iter()
            .chain(own)
            .filter_map(|d| parse_date(d).ok())
            .collect()
    }

    /// The business-day calendar: weekend days, holiday dates and the
    /// `.ics` files, relative ics paths taken from `config_dir` (the folder
    /// of the config file). Any problem is invalid input (exit 2).
    pub fn calendar(&self, config_dir: &Path) -> Result<domain_calendar::Calendar> {
        use domain_calendar::CalendarError as E;
        domain_calendar::Calendar::from_config(self, config_dir, |p| std::fs::read_to_string(p))
            .map_err(|e| {
                let hint = match &e {
                    E::NoBusinessDays => {
                        "leave at least one day of the week out of calendar.weekend".to_string()
                    }
                    E::IcsRead { key, .. } | E::IcsParse { key, .. } | E::IcsKey(key) => {
                        format!("fix the file, or remove calendar.ics.{key} from the config")
                    }
                    E::UnknownWeekday(_) | E::Holiday { .. } => {
                        "see `ftc config init` for the accepted values".to_string()
                    }
                };
                invalid(e.to_string()).with_hint(hint).into()
            })
    }
}

fn first_line(s: &str) -> String {
    s.lines()
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config> {
        Config::parse(text, Path::new("test.toml"))
    }

    #[test]
    fn empty_is_defaults() {
        let c = parse("").unwrap();
        assert_eq!(c.eligibility.min_seats, 150);
        assert_eq!(c.cadence.response_days, 3);
        assert_eq!(c.assignment.css_min_seats, 10000);
    }

    #[test]
    fn template_parses() {
        parse(TEMPLATE).unwrap();
    }

    #[test]
    fn unknown_key_is_named() {
        let e = parse("[cadence]\nresponse_dayz = 4\n").unwrap_err();
        assert!(e.to_string().contains("cadence.response_dayz"), "{e}");
        assert!(e.to_string().contains("test.toml"), "{e}");
    }

    #[test]
    fn bad_values() {
        assert!(parse("[calendar.holidays]\nemea = [\"2027-02-30\"]\n").is_err());
        assert!(parse("[calendar]\nweekend = [\"fry\"]\n").is_err());
        assert!(parse("[eligibility]\nmin_seats = \"many\"\n").is_err());
    }

    #[test]
    fn holidays_per_region() {
        let c = parse("[calendar.holidays]\nall = [\"2027-01-01\"]\nemea = [\"2027-05-01\"]\n")
            .unwrap();
        assert_eq!(c.holidays_for(Some(Region::Emea)).len(), 2);
        assert_eq!(c.holidays_for(Some(Region::Apj)).len(), 1);
    }

    #[test]
    fn calendar_reads_ics_next_to_the_config() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("emea.ics"),
            "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270405\r\nEND:VEVENT\r\n",
        )
        .unwrap();
        let c = parse("[calendar.ics]\nemea = \"emea.ics\"\n").unwrap();
        let cal = c.calendar(dir.path()).unwrap();
        let easter_monday = NaiveDate::from_ymd_opt(2027, 4, 5).unwrap();
        assert!(!cal.is_business_day(Some(Region::Emea), easter_monday));
        assert!(cal.is_business_day(Some(Region::Apj), easter_monday));
    }

    #[test]
    fn calendar_problems_are_invalid_input_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let c = parse("[calendar.ics]\nall = \"missing.ics\"\n").unwrap();
        let e = c.calendar(dir.path()).unwrap_err();
        let f = e.downcast_ref::<crate::error::Failure>().unwrap();
        assert_eq!(f.code, crate::error::Code::Invalid);
        assert!(f.message.contains("missing.ics"), "{}", f.message);
        assert!(f.hint.as_deref().unwrap_or("").contains("calendar.ics.all"));

        let every_day =
            "[calendar]\nweekend = [\"mon\",\"tue\",\"wed\",\"thu\",\"fri\",\"sat\",\"sun\"]\n";
        let e = parse(every_day).unwrap().calendar(dir.path()).unwrap_err();
        let f = e.downcast_ref::<crate::error::Failure>().unwrap();
        assert_eq!(f.code, crate::error::Code::Invalid);
    }
}
