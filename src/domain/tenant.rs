//! Tenant facts that are rules, not storage: the source of a record,
//! eligibility and the stage.

use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// Where a tenant record came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// The twice-daily commerce feed.
    Commerce,
    /// Added by hand as a tenant exception (eligible whatever its seats).
    Exception,
    /// From a request for assistance.
    Rfa,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Commerce => "commerce",
            Source::Exception => "exception",
            Source::Rfa => "rfa",
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Source {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "commerce" => Ok(Source::Commerce),
            "exception" => Ok(Source::Exception),
            "rfa" => Ok(Source::Rfa),
            _ => Err(format!("'{s}' is not a source (commerce, exception, rfa)")),
        }
    }
}

/// Whether two FM names are the same FM: names are matched in any case
/// (`--fm Alice` is alice's); no FM matches no FM.
#[must_use]
pub fn same_fm(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
        (a, b) => a == b,
    }
}

/// Whether a tenant is eligible for FastTrack (SPEC section 1).
pub fn is_eligible(source: Source, seats: Option<i64>, min_seats: i64) -> bool {
    source == Source::Exception || seats.is_some_and(|s| s >= min_seats)
}

/// Where a tenant stands (SPEC rule 4.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    New,
    AccountTeam,
    Partner,
    Customer,
    Responded,
    Unresponsive,
    Paused,
    Assigned,
    Ineligible,
    Skip,
}

impl Stage {
    /// A stage of the running cadence (new, or waiting on a party): a
    /// contact may still come, and an option that rests on an answer waits.
    pub fn in_cadence(self) -> bool {
        matches!(
            self,
            Stage::New | Stage::AccountTeam | Stage::Partner | Stage::Customer
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::New => "new",
            Stage::AccountTeam => "account-team",
            Stage::Partner => "partner",
            Stage::Customer => "customer",
            Stage::Responded => "responded",
            Stage::Unresponsive => "unresponsive",
            Stage::Paused => "paused",
            Stage::Assigned => "assigned",
            Stage::Ineligible => "ineligible",
            Stage::Skip => "skip",
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The facts the stage is decided from (SPEC rule 4.2).
#[derive(Debug, Clone, Copy)]
pub struct StageFacts {
    pub eligible: bool,
    /// A GoBack tenant the GoBack rule says to leave alone.
    pub skip: bool,
    /// An assignment is in force (for a GoBack tenant: one applied after it
    /// was marked).
    pub assigned: bool,
    /// A pause covers today.
    pub paused: bool,
    /// An RFA approved in the last 30 days: the proactive cadence is skipped
    /// and the tenant waits for its assignment, as after a customer reply.
    pub rfa: bool,
    /// Where the cadence alone puts the tenant: `responded`,
    /// `unresponsive`, the party whose step is open, or `new`.
    pub cadence: Stage,
}

impl StageFacts {
    /// A tenant with nothing recorded beyond its row.
    pub fn bare(eligible: bool) -> StageFacts {
        StageFacts {
            eligible,
            skip: false,
            assigned: false,
            paused: false,
            rfa: false,
            cadence: Stage::New,
        }
    }
}

/// The stage, by the precedence of SPEC rule 4.2: skip, assigned, paused,
/// ineligible, then the cadence's (a recent RFA reads `responded`).
pub fn stage(f: StageFacts) -> Stage {
    if f.skip {
        Stage::Skip
    } else if f.assigned {
        Stage::Assigned
    } else if f.paused {
        Stage::Paused
    } else if !f.eligible {
        Stage::Ineligible
    } else if f.rfa {
        Stage::Responded
    } else {
        f.cadence
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eligibility() {
        assert!(is_eligible(Source::Commerce, Some(150), 150));
        assert!(!is_eligible(Source::Commerce, Some(149), 150));
        assert!(!is_eligible(Source::Commerce, None, 150));
        assert!(is_eligible(Source::Exception, Some(3), 150));
        assert!(is_eligible(Source::Exception, None, 150));
        assert!(!is_eligible(Source::Rfa, Some(10), 150));
    }

    #[test]
    fn stages_follow_the_precedence() {
        let base = StageFacts {
            cadence: Stage::Customer,
            ..StageFacts::bare(true)
        };
        assert_eq!(stage(StageFacts::bare(false)), Stage::Ineligible);
        assert_eq!(stage(StageFacts::bare(true)), Stage::New);
        assert_eq!(stage(base), Stage::Customer);
        assert_eq!(stage(StageFacts { rfa: true, ..base }), Stage::Responded);
        let all = StageFacts {
            eligible: false,
            skip: true,
            assigned: true,
            paused: true,
            rfa: true,
            cadence: Stage::Unresponsive,
        };
        assert_eq!(stage(all), Stage::Skip);
        assert_eq!(stage(StageFacts { skip: false, ..all }), Stage::Assigned);
        assert_eq!(
            stage(StageFacts {
                skip: false,
                assigned: false,
                ..all
            }),
            Stage::Paused
        );
        assert_eq!(
            stage(StageFacts {
                skip: false,
                assigned: false,
                paused: false,
                ..all
            }),
            Stage::Ineligible
        );
        assert_eq!(stage(StageFacts { rfa: false, ..base }), Stage::Customer);
    }
}

#[cfg(test)]
mod same_fm_tests {
    use super::same_fm;

    #[test]
    fn fm_names_match_in_any_case_and_none_matches_none() {
        assert!(same_fm(Some("Alice"), Some("alice")));
        assert!(!same_fm(Some("alice"), Some("bob")));
        assert!(!same_fm(Some("alice"), None));
        assert!(same_fm(None, None));
    }
}
