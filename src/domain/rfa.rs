//! Requests for assistance (SPEC 3.5): a tenant with an RFA approved in the
//! last 30 days skips the proactive cadence and goes straight to assignment.

use chrono::NaiveDate;
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// How long an approved RFA takes the tenant out of the proactive cadence,
/// in calendar days: one approved on or after `today - RFA_DAYS` counts.
pub const RFA_DAYS: i64 = 30;

/// An RFA as stored, with its tenant's domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rfa {
    pub id: String,
    pub tenant_id: i64,
    pub domain: String,
    /// Workload slugs.
    pub workloads: Vec<String>,
    pub status: RfaStatus,
    /// The day of its status.
    pub on: NaiveDate,
}

/// Where an RFA stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum RfaStatus {
    Approved,
    OnHold,
    Cancelled,
}

impl RfaStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RfaStatus::Approved => "approved",
            RfaStatus::OnHold => "on-hold",
            RfaStatus::Cancelled => "cancelled",
        }
    }
}

impl fmt::Display for RfaStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RfaStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "approved" => Ok(RfaStatus::Approved),
            "on-hold" => Ok(RfaStatus::OnHold),
            "cancelled" => Ok(RfaStatus::Cancelled),
            _ => Err(format!(
                "'{s}' is not an RFA status (approved, on-hold, cancelled)"
            )),
        }
    }
}

/// Whether an RFA takes its tenant straight to assignment today: approved,
/// on a day from `today - RFA_DAYS` through today.
pub fn counts(status: RfaStatus, on: NaiveDate, today: NaiveDate) -> bool {
    status == RfaStatus::Approved && on <= today && (today - on).num_days() <= RFA_DAYS
}

/// Whether the customer wants FTC help: the tenant's own answer when one was
/// recorded (`tenant set --wants-ftc`), else yes when a recent RFA asks for
/// it (a request for assistance is the customer asking for help).
pub fn wants_ftc(recorded: Option<bool>, recent_rfa: bool) -> Option<bool> {
    recorded.or(recent_rfa.then_some(true))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[rstest]
    #[case(RfaStatus::Approved, "2027-07-01", true)]
    #[case(RfaStatus::Approved, "2027-06-01", true)] // 30 days ago
    #[case(RfaStatus::Approved, "2027-05-31", false)] // 31 days ago
    #[case(RfaStatus::Approved, "2027-07-02", false)] // not yet
    #[case(RfaStatus::OnHold, "2027-07-01", false)]
    #[case(RfaStatus::Cancelled, "2027-06-20", false)]
    fn recent_approved_rfas_count(#[case] s: RfaStatus, #[case] on: &str, #[case] want: bool) {
        assert_eq!(counts(s, day(on), day("2027-07-01")), want);
    }

    #[test]
    fn statuses_and_wants() {
        for s in [RfaStatus::Approved, RfaStatus::OnHold, RfaStatus::Cancelled] {
            assert_eq!(s.as_str().parse::<RfaStatus>(), Ok(s));
        }
        assert!("held".parse::<RfaStatus>().is_err());
        assert_eq!(wants_ftc(None, true), Some(true));
        assert_eq!(wants_ftc(Some(false), true), Some(false));
        assert_eq!(wants_ftc(None, false), None);
    }
}
