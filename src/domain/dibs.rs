//! DIBS per workload (SPEC 1): target go-live **D**ate, **I**ntent,
//! **B**usiness reason, **S**uccess owner, plus who provided it (the
//! source) and the engagement start date. Pure: a stored record and an
//! update come in, the merged record (or the reason to refuse it) goes out.

use crate::reference::slug;
use chrono::NaiveDate;
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// Whether the customer means to deploy the workload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Intent {
    Yes,
    No,
    Undecided,
}

impl Intent {
    pub fn as_str(self) -> &'static str {
        match self {
            Intent::Yes => "yes",
            Intent::No => "no",
            Intent::Undecided => "undecided",
        }
    }
}

impl fmt::Display for Intent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Intent {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "yes" => Ok(Intent::Yes),
            "no" => Ok(Intent::No),
            "undecided" => Ok(Intent::Undecided),
            _ => Err(format!("'{s}' is not an intent (yes, no, undecided)")),
        }
    }
}

/// Who provided a DIBS record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    AccountTeam,
    Partner,
    Customer,
}

impl Source {
    pub const ALL: [Source; 3] = [Source::AccountTeam, Source::Partner, Source::Customer];

    pub fn as_str(self) -> &'static str {
        match self {
            Source::AccountTeam => "account-team",
            Source::Partner => "partner",
            Source::Customer => "customer",
        }
    }

    /// How the source reads in a sentence ("from the account team").
    pub fn words(self) -> &'static str {
        match self {
            Source::AccountTeam => "account team",
            Source::Partner => "partner",
            Source::Customer => "customer",
        }
    }

    /// The checklist task the tenant's first full DIBS completes: 3993
    /// Account Team Provided DIBS, 3994 Partner Provided DIBS, 3995
    /// Customer Provided DIBS.
    pub fn task(self) -> u32 {
        match self {
            Source::AccountTeam => 3993,
            Source::Partner => 3994,
            Source::Customer => 3995,
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
        let key = s.trim().to_ascii_lowercase();
        Source::ALL
            .into_iter()
            .find(|x| x.as_str() == key)
            .ok_or_else(|| format!("'{s}' is not a DIBS source (account-team, partner, customer)"))
    }
}

/// The DIBS of one workload, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dibs {
    pub go_live: Option<NaiveDate>,
    pub intent: Option<Intent>,
    /// One of the business reasons, spelled as the reference data has it.
    pub reason: Option<String>,
    /// The success owner.
    pub owner: Option<String>,
    /// The engagement start date: when the customer is ready to start.
    pub start: Option<NaiveDate>,
    pub source: Source,
}

/// What one `dibs record` gives: the source always, each field when given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Update {
    pub source: Source,
    pub go_live: Option<NaiveDate>,
    pub intent: Option<Intent>,
    /// Already matched to a business reason ([`match_reason`]).
    pub reason: Option<String>,
    pub owner: Option<String>,
    pub start: Option<NaiveDate>,
}

/// Why a DIBS update is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DibsError {
    /// The reason is none of the business reasons; the closest come along.
    #[error("'{input}' is not a business reason")]
    UnknownReason { input: String, closest: Vec<String> },
    #[error("the engagement start date {start} is after the go-live date {go_live}")]
    StartAfterGoLive {
        start: NaiveDate,
        go_live: NaiveDate,
    },
}

/// Full DIBS (SPEC 1): go-live date, business reason and success owner
/// present, and the intent is `yes`. The one definition, for a stored
/// record and for the assignment rules alike.
pub fn is_full(go_live: bool, intent: Option<Intent>, reason: bool, owner: bool) -> bool {
    go_live && intent == Some(Intent::Yes) && reason && owner
}

impl Dibs {
    /// Full DIBS: all four of go-live date, intent, business reason and
    /// success owner present, and the intent is `yes`.
    pub fn complete(&self) -> bool {
        is_full(
            self.go_live.is_some(),
            self.intent,
            self.reason.is_some(),
            self.owner.is_some(),
        )
    }

    /// The record after `u`: fields given overwrite, others are kept; the
    /// source is the update's (the last party that provided DIBS).
    pub fn merge(stored: Option<&Dibs>, u: &Update) -> Dibs {
        let keep = |f: fn(&Dibs) -> Option<String>| stored.and_then(f);
        Dibs {
            go_live: u.go_live.or(stored.and_then(|d| d.go_live)),
            intent: u.intent.or(stored.and_then(|d| d.intent)),
            reason: u.reason.clone().or_else(|| keep(|d| d.reason.clone())),
            owner: u.owner.clone().or_else(|| keep(|d| d.owner.clone())),
            start: u.start.or(stored.and_then(|d| d.start)),
            source: u.source,
        }
    }

    /// The rules a record must keep: the start date is not after go-live.
    pub fn check(&self) -> Result<(), DibsError> {
        match (self.start, self.go_live) {
            (Some(start), Some(go_live)) if start > go_live => {
                Err(DibsError::StartAfterGoLive { start, go_live })
            }
            _ => Ok(()),
        }
    }

    /// Merge and check: the record to store, or why not. The check runs on
    /// the merged record, so a new go-live before a stored start is refused.
    pub fn apply(stored: Option<&Dibs>, u: &Update) -> Result<Dibs, DibsError> {
        let d = Dibs::merge(stored, u);
        d.check()?;
        Ok(d)
    }
}

/// The business reason `input` names, as the list spells it: matched in any
/// case, or by its slug (`increase-security`). Otherwise the three closest.
pub fn match_reason(input: &str, reasons: &[String]) -> Result<String, DibsError> {
    let key = input.trim().to_lowercase();
    let key_slug = slug(&key);
    if let Some(r) = reasons
        .iter()
        .find(|r| r.to_lowercase() == key || (!key_slug.is_empty() && slug(r) == key_slug))
    {
        return Ok(r.clone());
    }
    Err(DibsError::UnknownReason {
        input: input.trim().to_string(),
        closest: closest(&key, reasons, 3),
    })
}

/// The `n` reasons closest to `key` (lowercase): Jaro-Winkler similarity,
/// with a reason that contains `key` as a whole counted close (`security`
/// finds `Increase Security`, which Jaro-Winkler alone ranks low because
/// it weighs the start of the string).
fn closest(key: &str, reasons: &[String], n: usize) -> Vec<String> {
    let mut scored: Vec<(f64, &String)> = reasons
        .iter()
        .map(|r| {
            let lower = r.to_lowercase();
            let mut s = strsim::jaro_winkler(key, &lower);
            if !key.is_empty() && lower.contains(key) {
                s = s.max(0.95);
            }
            (s, r)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.into_iter().take(n).map(|(_, r)| r.clone()).collect()
}

/// What changed from `before` to `after`, for history: `go-live 2027-09-01`
/// for a new value, `owner Ann Lee -> Bo Chen` for a replaced one, and the
/// source when it changed.
pub fn changes(before: Option<&Dibs>, after: &Dibs) -> Vec<String> {
    fn field(out: &mut Vec<String>, name: &str, old: Option<String>, new: Option<String>) {
        match (old, new) {
            (old, new) if old == new => {}
            (None, Some(n)) => out.push(format!("{name} {n}")),
            (Some(o), Some(n)) => out.push(format!("{name} {o} -> {n}")),
            (Some(o), None) => out.push(format!("{name} {o} -> none")),
            (None, None) => {}
        }
    }
    let mut out = Vec::new();
    let old = |f: fn(&Dibs) -> Option<String>| before.and_then(f);
    fn date(d: Option<NaiveDate>) -> Option<String> {
        d.map(|d| d.to_string())
    }
    field(
        &mut out,
        "go-live",
        old(|d| date(d.go_live)),
        date(after.go_live),
    );
    field(
        &mut out,
        "intent",
        old(|d| d.intent.map(|i| i.to_string())),
        after.intent.map(|i| i.to_string()),
    );
    field(
        &mut out,
        "reason",
        old(|d| d.reason.clone()),
        after.reason.clone(),
    );
    field(
        &mut out,
        "owner",
        old(|d| d.owner.clone()),
        after.owner.clone(),
    );
    field(&mut out, "start", old(|d| date(d.start)), date(after.start));
    // A new record's source is said by the caller ("from the partner").
    if let Some(b) = before {
        field(
            &mut out,
            "source",
            Some(b.source.to_string()),
            Some(after.source.to_string()),
        );
    }
    out
}

/// The task a write completes: the source's task (3993, 3994, 3995) when
/// the record written is full and no workload of the tenant had full DIBS
/// before it (`full_before`); otherwise none.
pub fn task_to_complete(full_before: bool, after: &Dibs) -> Option<u32> {
    (!full_before && after.complete()).then(|| after.source.task())
}

/// The DIBS of one workload of a tenant, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkloadDibs {
    /// The workload's slug.
    pub workload: String,
    pub dibs: Dibs,
    /// The contact who gave the last update that named one.
    pub contact_email: Option<String>,
    pub updated_on: NaiveDate,
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn reasons() -> Vec<String> {
        crate::reference::Reference::builtin().business_reasons
    }

    fn full() -> Dibs {
        Dibs {
            go_live: Some(d("2027-09-01")),
            intent: Some(Intent::Yes),
            reason: Some("Increase Security".into()),
            owner: Some("Ann Lee".into()),
            start: None,
            source: Source::Customer,
        }
    }

    fn update(source: Source) -> Update {
        Update {
            source,
            go_live: None,
            intent: None,
            reason: None,
            owner: None,
            start: None,
        }
    }

    #[test]
    fn merge_overwrites_given_fields_and_keeps_the_others() {
        let stored = full();
        let u = Update {
            owner: Some("Bo Chen".into()),
            start: Some(d("2027-08-01")),
            ..update(Source::Partner)
        };
        let m = Dibs::merge(Some(&stored), &u);
        assert_eq!(
            m,
            Dibs {
                owner: Some("Bo Chen".into()),
                start: Some(d("2027-08-01")),
                source: Source::Partner,
                ..full()
            }
        );
        // Nothing stored: only what is given.
        let m = Dibs::merge(None, &u);
        assert_eq!(m.go_live, None);
        assert_eq!(m.intent, None);
        assert_eq!(m.owner.as_deref(), Some("Bo Chen"));
        // An update with no field keeps everything but the source.
        assert_eq!(
            Dibs::merge(Some(&stored), &update(Source::Customer)),
            stored
        );
    }

    #[rstest]
    #[case(
        Some("2027-09-01"),
        Some(Intent::Yes),
        Some("Increase Security"),
        Some("Ann"),
        true
    )]
    #[case(None, Some(Intent::Yes), Some("Increase Security"), Some("Ann"), false)]
    #[case(
        Some("2027-09-01"),
        None,
        Some("Increase Security"),
        Some("Ann"),
        false
    )]
    #[case(
        Some("2027-09-01"),
        Some(Intent::No),
        Some("Increase Security"),
        Some("Ann"),
        false
    )]
    #[case(
        Some("2027-09-01"),
        Some(Intent::Undecided),
        Some("Increase Security"),
        Some("Ann"),
        false
    )]
    #[case(Some("2027-09-01"), Some(Intent::Yes), None, Some("Ann"), false)]
    #[case(
        Some("2027-09-01"),
        Some(Intent::Yes),
        Some("Increase Security"),
        None,
        false
    )]
    fn complete_needs_all_four_and_intent_yes(
        #[case] go_live: Option<&str>,
        #[case] intent: Option<Intent>,
        #[case] reason: Option<&str>,
        #[case] owner: Option<&str>,
        #[case] want: bool,
    ) {
        let x = Dibs {
            go_live: go_live.map(d),
            intent,
            reason: reason.map(String::from),
            owner: owner.map(String::from),
            start: None,
            source: Source::AccountTeam,
        };
        assert_eq!(x.complete(), want);
    }

    #[rstest]
    #[case("Increase Security", "Increase Security")]
    #[case("increase security", "Increase Security")]
    #[case("  INCREASE SECURITY ", "Increase Security")]
    #[case("increase-security", "Increase Security")]
    #[case(
        "high availability/improved uptime",
        "High Availability/Improved Uptime"
    )]
    #[case(
        "high-availability-improved-uptime",
        "High Availability/Improved Uptime"
    )]
    #[case("Work from anywhere", "Work from Anywhere")]
    fn reasons_match_in_any_case_or_by_slug(#[case] input: &str, #[case] want: &str) {
        assert_eq!(match_reason(input, &reasons()).unwrap(), want);
    }

    #[rstest]
    #[case("Increase Securty", "Increase Security")]
    #[case("security", "Increase Security")]
    #[case("work anywhere", "Work from Anywhere")]
    #[case("end of life", "End of Life of Existing IT")]
    fn an_unknown_reason_is_refused_with_the_closest_first(
        #[case] input: &str,
        #[case] first: &str,
    ) {
        match match_reason(input, &reasons()) {
            Err(DibsError::UnknownReason { input: i, closest }) => {
                assert_eq!(i, input.trim());
                assert_eq!(closest.len(), 3);
                assert_eq!(closest[0], first, "{closest:?}");
            }
            other => panic!("{other:?}"),
        }
        assert!(match_reason("", &reasons()).is_err());
    }

    #[test]
    fn a_reason_the_config_adds_is_accepted() {
        let mut r = reasons();
        r.push("Reduce Carbon Footprint".into());
        assert_eq!(
            match_reason("reduce carbon footprint", &r).unwrap(),
            "Reduce Carbon Footprint"
        );
    }

    #[rstest]
    #[case(Some("2027-08-01"), Some("2027-09-01"), true)]
    #[case(Some("2027-09-01"), Some("2027-09-01"), true)]
    #[case(Some("2027-09-02"), Some("2027-09-01"), false)]
    #[case(Some("2027-09-02"), None, true)]
    #[case(None, Some("2027-09-01"), true)]
    fn start_is_not_after_go_live(
        #[case] start: Option<&str>,
        #[case] go_live: Option<&str>,
        #[case] ok: bool,
    ) {
        let x = Dibs {
            start: start.map(d),
            go_live: go_live.map(d),
            ..full()
        };
        assert_eq!(x.check().is_ok(), ok);
    }

    #[test]
    fn the_start_check_runs_after_the_merge() {
        // Stored start 1 Sep; a new go-live of 15 Aug alone is refused...
        let stored = Dibs {
            start: Some(d("2027-09-01")),
            go_live: None,
            ..full()
        };
        let u = Update {
            go_live: Some(d("2027-08-15")),
            ..update(Source::Customer)
        };
        assert_eq!(
            Dibs::apply(Some(&stored), &u),
            Err(DibsError::StartAfterGoLive {
                start: d("2027-09-01"),
                go_live: d("2027-08-15")
            })
        );
        // ...and accepted with a start moved before it in the same update.
        let u = Update {
            start: Some(d("2027-08-01")),
            ..u
        };
        assert_eq!(
            Dibs::apply(Some(&stored), &u).unwrap().start,
            Some(d("2027-08-01"))
        );
        // A new start after the stored go-live is refused too.
        let u = Update {
            start: Some(d("2027-09-02")),
            ..update(Source::Customer)
        };
        assert!(matches!(
            Dibs::apply(Some(&full()), &u),
            Err(DibsError::StartAfterGoLive { .. })
        ));
    }

    #[test]
    fn changes_list_new_and_replaced_values() {
        assert_eq!(
            changes(None, &full()),
            [
                "go-live 2027-09-01",
                "intent yes",
                "reason Increase Security",
                "owner Ann Lee"
            ]
        );
        let after = Dibs {
            owner: Some("Bo Chen".into()),
            source: Source::Partner,
            ..full()
        };
        assert_eq!(
            changes(Some(&full()), &after),
            ["owner Ann Lee -> Bo Chen", "source customer -> partner"]
        );
        assert!(changes(Some(&full()), &full()).is_empty());
    }

    #[rstest]
    #[case(false, Source::AccountTeam, true, Some(3993))]
    #[case(false, Source::Partner, true, Some(3994))]
    #[case(false, Source::Customer, true, Some(3995))]
    #[case(true, Source::Customer, true, None)]
    #[case(false, Source::Customer, false, None)]
    fn only_the_first_full_dibs_completes_its_sources_task(
        #[case] full_before: bool,
        #[case] source: Source,
        #[case] complete: bool,
        #[case] want: Option<u32>,
    ) {
        let after = Dibs {
            source,
            intent: Some(if complete { Intent::Yes } else { Intent::No }),
            ..full()
        };
        assert_eq!(task_to_complete(full_before, &after), want);
    }

    #[test]
    fn enums_round_trip() {
        for s in Source::ALL {
            assert_eq!(s.as_str().parse::<Source>().unwrap(), s);
        }
        for i in [Intent::Yes, Intent::No, Intent::Undecided] {
            assert_eq!(i.as_str().parse::<Intent>().unwrap(), i);
        }
        assert!("maybe".parse::<Intent>().is_err());
        assert!("fm".parse::<Source>().is_err());
    }
}
