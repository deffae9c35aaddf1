//! Service status (SPEC 3.4): the L1 / L2 / L3 split of a workload's seats,
//! parsed from `--row "L1|L2|L3=COUNT[@DATE]"` and checked as a whole
//! against the reference data (`l1.csv`, `taxonomy.csv` and the config's
//! additions).
//!
//! Pure: the reference data comes in as an argument.
//!
//! `StatusError` carries the allowed values for the hint, which makes it
//! large; it is returned at most once per command, so it is not boxed, and
//! tests match on it directly.
#![allow(clippy::result_large_err)]

use crate::domain::values::parse_date;
use crate::reference::{slug, Reference, Rule, L1};
use chrono::NaiveDate;
use std::fmt;

/// How many values a hint lists before pointing to `ftc status values`.
const HINT_MAX: usize = 12;

/// A level of the taxonomy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    L1,
    L2,
    L3,
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::L1 => "L1",
            Level::L2 => "L2",
            Level::L3 => "L3",
        })
    }
}

/// One `--row` as typed: the names are not resolved yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowInput {
    /// The row as given, to name it in errors.
    pub text: String,
    pub l1: String,
    pub l2: Option<String>,
    pub l3: Option<String>,
    pub count: u32,
    pub target: Option<NaiveDate>,
}

/// One row of a checked split, with the reference data's display names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusRow {
    pub l1: String,
    pub l2: Option<String>,
    pub l3: Option<String>,
    pub count: u32,
    pub target: Option<NaiveDate>,
}

/// The service status of one workload of a tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkloadStatus {
    /// The workload's slug.
    pub workload: String,
    pub total: u32,
    pub rows: Vec<StatusRow>,
    /// The day of the `status set` that wrote it.
    pub updated_on: NaiveDate,
}

impl WorkloadStatus {
    /// The counts of the rows added up.
    pub fn sum(&self) -> u64 {
        self.rows.iter().map(|r| u64::from(r.count)).sum()
    }

    /// The counts add up to the total (always true for a split `status set` wrote).
    pub fn balanced(&self) -> bool {
        self.sum() == u64::from(self.total)
    }

    /// The same total and rows (the day aside): setting it again changes nothing.
    pub fn same_split(&self, other: &WorkloadStatus) -> bool {
        self.workload == other.workload && self.total == other.total && self.rows == other.rows
    }
}

/// Why a `--row` or a whole split is refused. The first three are malformed
/// input (exit 2); the others are values the reference data does not allow
/// (exit 1).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StatusError {
    #[error("--row \"{row}\": {reason}")]
    Malformed { row: String, reason: String },
    #[error("--row \"{row}\": '{count}' is not a count (a whole number, 0 or more)")]
    BadCount { row: String, count: String },
    #[error("--row \"{row}\": {reason}")]
    BadDate { row: String, reason: String },
    /// The value is nowhere in the taxonomy at its level.
    #[error("--row \"{row}\": '{value}' is not an {level} value{}", l2.as_ref().or(l1.as_ref()).map(|p| format!(" of {p}")).unwrap_or_default())]
    Unknown {
        row: String,
        level: Level,
        value: String,
        /// The L1 it was given under (an L2 or L3).
        l1: Option<String>,
        /// The L2 it was given under (an L3).
        l2: Option<String>,
        /// The values allowed there, closest first.
        allowed: Vec<String>,
        workload: String,
    },
    /// An L2 of the taxonomy, but not of this L1 (for this workload).
    #[error("--row \"{row}\": {l2} is not an L2 of {l1}")]
    L2NotAllowed {
        row: String,
        l1: String,
        l2: String,
        allowed: Vec<String>,
        workload: String,
    },
    #[error("--row \"{row}\": {l1} needs an L2")]
    L2Missing {
        row: String,
        l1: String,
        allowed: Vec<String>,
        workload: String,
    },
    #[error("--row \"{row}\": {l1} takes no L2 (got '{l2}')")]
    L2Forbidden {
        row: String,
        l1: String,
        l2: String,
        /// The L1 needs a target date (for the example in the hint).
        dated: bool,
    },
    /// An L3 of the taxonomy, but not of this L2 for this workload.
    #[error("--row \"{row}\": {l3} is not an L3 of {l2} for {workload}")]
    L3NotAllowed {
        row: String,
        l1: String,
        l2: String,
        l3: String,
        allowed: Vec<String>,
        workload: String,
    },
    #[error("--row \"{row}\": {l2} needs an L3 for {workload}")]
    L3Missing {
        row: String,
        l1: String,
        l2: String,
        allowed: Vec<String>,
        workload: String,
    },
    /// An L3 under an L2 (or an L1 without L2) that has no L3 values.
    #[error("--row \"{row}\": {parent} takes no L3{} (got '{l3}')", if *for_workload { format!(" for {workload}") } else { String::new() })]
    L3Forbidden {
        row: String,
        parent: String,
        l3: String,
        workload: String,
        /// Whether other workloads do have L3 values there.
        for_workload: bool,
    },
    #[error("--row \"{row}\": {l1} needs a target date")]
    TargetMissing { row: String, l1: String },
    #[error("--row \"{row}\": {l1} takes no target date (got {target})")]
    TargetForbidden {
        row: String,
        l1: String,
        target: NaiveDate,
        /// The L1 values that take one.
        dated: Vec<String>,
    },
    #[error("--row \"{row}\" repeats --row \"{first}\" (the same L1, L2, L3 and target date)")]
    Duplicate { row: String, first: String },
    #[error("the rows add up to {sum}, not to --total {total}")]
    Unbalanced { total: u32, sum: u64 },
}

impl StatusError {
    /// Malformed input (exit 2) rather than a refusal (exit 1).
    pub fn is_malformed(&self) -> bool {
        matches!(
            self,
            StatusError::Malformed { .. }
                | StatusError::BadCount { .. }
                | StatusError::BadDate { .. }
        )
    }

    /// What to do about it: the allowed values, closest first.
    pub fn hint(&self) -> Option<String> {
        use StatusError::*;
        Some(match self {
            Malformed { .. } | BadCount { .. } | BadDate { .. } => {
                "write each row as \"L1|L2|L3=COUNT[@YYYY-MM-DD]\", leaving empty what does not \
                 apply: \"In Progress||=5@2027-08-01\", \"Status Unknown|Customer Unresponsive|=3\""
                    .into()
            }
            Unknown {
                l1,
                l2,
                allowed,
                workload,
                ..
            } => {
                let what = match (l1, l2) {
                    (_, Some(l2)) => format!("L3 values of {l2} for {workload}"),
                    (Some(l1), None) => format!("L2 values of {l1}"),
                    (None, None) => "L1 values".to_string(),
                };
                let more = values_command(workload, l1.as_deref(), l2.as_deref());
                format!("{what}: {}", listing(allowed, &more))
            }
            L2NotAllowed {
                l1,
                allowed,
                workload,
                ..
            }
            | L2Missing {
                l1,
                allowed,
                workload,
                ..
            } => format!(
                "L2 values of {l1}: {}",
                listing(allowed, &values_command(workload, Some(l1), None))
            ),
            L2Forbidden { l1, dated, .. } => format!(
                "leave the L2 empty: \"{l1}||=COUNT{}\"",
                if *dated { "@YYYY-MM-DD" } else { "" }
            ),
            L3NotAllowed {
                l1,
                l2,
                allowed,
                workload,
                ..
            }
            | L3Missing {
                l1,
                l2,
                allowed,
                workload,
                ..
            } => {
                let other = if allowed.iter().any(|a| a == OTHER) {
                    " (Other when none fits)"
                } else {
                    ""
                };
                format!(
                    "L3 values of {l2} for {workload}{other}: {}",
                    listing(allowed, &values_command(workload, Some(l1), Some(l2)))
                )
            }
            L3Forbidden { .. } => "leave the L3 empty".into(),
            TargetMissing { row, .. } => {
                format!("add the target date after the count: \"{row}@YYYY-MM-DD\"")
            }
            TargetForbidden { target, dated, .. } => format!(
                "only {} take a target date; remove @{target}",
                dated.join(" and ")
            ),
            Duplicate { .. } => "put the two counts in one row".into(),
            Unbalanced { total, sum } => {
                let t = u64::from(*total);
                if *sum > t {
                    format!("take {} off the counts, or pass --total {sum}", sum - t)
                } else {
                    format!(
                        "add {} to the counts (Status Unknown for seats nobody has news of), or pass --total {sum}",
                        t - sum
                    )
                }
            }
        })
    }
}

/// `a; b; c`, or the first ones and where to see the rest.
fn listing(values: &[String], more: &str) -> String {
    if values.len() <= HINT_MAX {
        return values.join("; ");
    }
    let shown = HINT_MAX - 2;
    format!(
        "{}; and {} more (`{more}` lists them)",
        values[..shown].join("; "),
        values.len() - shown
    )
}

/// The `ftc status values` command that lists the values of a context.
fn values_command(workload: &str, l1: Option<&str>, l2: Option<&str>) -> String {
    let mut s = format!("ftc status values --workload {workload}");
    if let Some(l1) = l1 {
        s.push_str(&format!(" --l1 {}", slug(l1)));
    }
    if let Some(l2) = l2 {
        s.push_str(&format!(" --l2 {}", slug(l2)));
    }
    s
}

/// Parse one `--row "L1|L2|L3=COUNT[@DATE]"`. Trailing empty parts may be
/// left out (`In Progress=5@2027-08-01`); names are resolved later, by
/// [`check_split`].
pub fn parse_row(text: &str) -> Result<RowInput, StatusError> {
    let row = text.trim().to_string();
    let malformed = |reason: &str| StatusError::Malformed {
        row: row.clone(),
        reason: reason.into(),
    };
    // The count is after the last `=`, so a name may hold one.
    let Some((names, value)) = row.rsplit_once('=') else {
        return Err(malformed("no count: expected L1|L2|L3=COUNT[@DATE]"));
    };
    let mut parts = names.splitn(3, '|').map(str::trim);
    let l1 = parts.next().unwrap_or_default().to_string();
    if l1.is_empty() {
        return Err(malformed("no L1 before the first |"));
    }
    let some = |s: Option<&str>| s.filter(|s| !s.is_empty()).map(str::to_string);
    let l2 = some(parts.next());
    let l3 = some(parts.next());

    let (count, date) = match value.split_once('@') {
        Some((c, d)) => (c.trim(), Some(d.trim())),
        None => (value.trim(), None),
    };
    let count = parse_count(count).map_err(|_| StatusError::BadCount {
        row: row.clone(),
        count: count.to_string(),
    })?;
    let target = match date {
        None => None,
        Some("") => return Err(malformed("no date after @ (YYYY-MM-DD)")),
        Some(d) => Some(parse_date(d).map_err(|reason| StatusError::BadDate {
            row: row.clone(),
            reason,
        })?),
    };
    Ok(RowInput {
        text: row,
        l1,
        l2,
        l3,
        count,
        target,
    })
}

/// A count or total: a whole number, 0 or more, digits only.
pub fn parse_count(s: &str) -> Result<u32, String> {
    let t = s.trim();
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("'{s}' is not a whole number, 0 or more"));
    }
    t.parse::<u32>()
        .map_err(|_| format!("'{s}' is too large (at most {})", u32::MAX))
}

/// Whether a taxonomy row of `row_workload` (a slug or `*`) applies to `workload`.
fn applies(row_workload: &str, workload: &str) -> bool {
    row_workload == "*" || row_workload == workload
}

/// The candidate that `input` names: by display name in any case, else by
/// slug (`adoption-readiness`, `Adoption readiness`).
fn find<'a>(candidates: &[&'a str], input: &str) -> Option<&'a str> {
    let key = input.trim().to_lowercase();
    if let Some(c) = candidates.iter().find(|c| c.to_lowercase() == key) {
        return Some(c);
    }
    let s = slug(input);
    if s.is_empty() {
        return None;
    }
    candidates.iter().find(|c| slug(c) == s).copied()
}

/// How similar a value must be to the input to be moved to the front of a hint.
const CLOSE: f64 = 0.8;

/// The values with those close to `input` first (closest first), then the
/// others in reference order: a list sorted by a poor similarity reads worse
/// than the reference order.
fn closest(values: &[&str], input: &str) -> Vec<String> {
    let key = input.trim().to_lowercase();
    let score = |v: &str| {
        let low = v.to_lowercase();
        let s = strsim::jaro_winkler(&key, &low);
        if !key.is_empty() && low.contains(&key) {
            s.max(0.95)
        } else {
            s
        }
    };
    let mut close: Vec<(f64, &str)> = values
        .iter()
        .map(|v| (score(v), *v))
        .filter(|(s, _)| *s >= CLOSE)
        .collect();
    close.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut out: Vec<String> = close.iter().map(|(_, v)| v.to_string()).collect();
    for v in values {
        if !close.iter().any(|(_, c)| c == v) {
            out.push(v.to_string());
        }
    }
    out
}

fn owned(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| v.to_string()).collect()
}

fn push_unique<'a>(out: &mut Vec<&'a str>, v: &'a str) {
    if !out.contains(&v) {
        out.push(v);
    }
}

/// Find an L1 by display name or slug.
pub fn find_l1<'a>(r: &'a Reference, input: &str) -> Option<&'a L1> {
    let names: Vec<&str> = r.l1.iter().map(|l| l.name.as_str()).collect();
    let key = input.trim().to_lowercase();
    find(&names, input)
        .and_then(|n| r.l1.iter().find(|l| l.name == n))
        .or_else(|| r.l1.iter().find(|l| l.slug == key))
}

/// The L2 values of an L1 for a workload, in reference order.
pub fn l2_values<'a>(r: &'a Reference, l1: &str, workload: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    for t in &r.taxonomy {
        if t.l1 == l1 && applies(&t.workload, workload) {
            push_unique(&mut out, t.l2.as_str());
        }
    }
    out
}

/// The L3 value every L2 with L3 values takes, for when none fits (SPEC
/// 3.4). The shipped taxonomy lists it everywhere but under
/// Legal/Regulatory; it is added wherever it is missing.
pub const OTHER: &str = "Other";

/// The L3 values of an L1 / L2 for a workload, in reference order (`Other`
/// always among them when there are any), and whether the L3 may be left
/// empty there (a row without an L3).
pub fn l3_values<'a>(r: &'a Reference, l1: &str, l2: &str, workload: &str) -> (Vec<&'a str>, bool) {
    let mut out = Vec::new();
    let mut empty_ok = false;
    for t in &r.taxonomy {
        if t.l1 == l1 && t.l2 == l2 && applies(&t.workload, workload) {
            match &t.l3 {
                Some(l3) => push_unique(&mut out, l3.as_str()),
                None => empty_ok = true,
            }
        }
    }
    if !out.is_empty() && !out.contains(&OTHER) {
        out.push(OTHER);
    }
    (out, empty_ok)
}

/// One allowed L1 / L2 / L3 combination, for listing (`ftc status values`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Combination {
    pub l1: String,
    pub l2: Option<String>,
    pub l3: Option<String>,
    /// A workload slug, or `*` for every workload.
    pub workload: String,
    /// Whether the L1 needs a target date (or must have none).
    pub target_date: Rule,
}

/// Every allowed combination in reference order: an L1 without L2 once, the
/// taxonomy rows under the others, and the `Other` the taxonomy leaves out.
pub fn combinations(r: &Reference) -> Vec<Combination> {
    let mut out: Vec<Combination> = Vec::new();
    for l1 in &r.l1 {
        let combo = |l2: Option<&str>, l3: Option<&str>, workload: &str| Combination {
            l1: l1.name.clone(),
            l2: l2.map(str::to_string),
            l3: l3.map(str::to_string),
            workload: workload.to_string(),
            target_date: l1.target_date,
        };
        if l1.l2 == Rule::Forbidden {
            out.push(combo(None, None, "*"));
            continue;
        }
        let mut l2s: Vec<&str> = Vec::new();
        for t in r.taxonomy.iter().filter(|t| t.l1 == l1.name) {
            push_unique(&mut l2s, &t.l2);
        }
        for l2 in l2s {
            let rows: Vec<_> = r
                .taxonomy
                .iter()
                .filter(|t| t.l1 == l1.name && t.l2 == l2)
                .collect();
            for t in &rows {
                out.push(combo(Some(l2), t.l3.as_deref(), &t.workload));
            }
            let has_l3 = rows.iter().any(|t| t.l3.is_some());
            let has_other = rows
                .iter()
                .any(|t| t.l3.as_deref() == Some(OTHER) && t.workload == "*");
            if has_l3 && !has_other {
                out.push(combo(Some(l2), Some(OTHER), "*"));
            }
        }
    }
    out
}

/// Resolve and check one row against the taxonomy for `workload` (a slug).
fn check_row(r: &Reference, workload: &str, row: &RowInput) -> Result<StatusRow, StatusError> {
    let text = || row.text.clone();
    let Some(l1) = find_l1(r, &row.l1) else {
        let names: Vec<&str> = r.l1.iter().map(|l| l.name.as_str()).collect();
        return Err(StatusError::Unknown {
            row: text(),
            level: Level::L1,
            value: row.l1.clone(),
            l1: None,
            l2: None,
            allowed: closest(&names, &row.l1),
            workload: workload.into(),
        });
    };

    let l2s = l2_values(r, &l1.name, workload);
    let l2 = match (&row.l2, l1.l2) {
        (Some(given), Rule::Forbidden) => {
            return Err(StatusError::L2Forbidden {
                row: text(),
                l1: l1.name.clone(),
                l2: given.clone(),
                dated: l1.target_date == Rule::Required,
            })
        }
        (None, Rule::Required) => {
            return Err(StatusError::L2Missing {
                row: text(),
                l1: l1.name.clone(),
                allowed: owned(&l2s),
                workload: workload.into(),
            })
        }
        (None, Rule::Forbidden) => None,
        (Some(given), Rule::Required) => match find(&l2s, given) {
            Some(l2) => Some(l2),
            None => {
                let mut every = Vec::new();
                for t in &r.taxonomy {
                    push_unique(&mut every, t.l2.as_str());
                }
                let allowed = closest(&l2s, given);
                return Err(match find(&every, given) {
                    Some(known) => StatusError::L2NotAllowed {
                        row: text(),
                        l1: l1.name.clone(),
                        l2: known.to_string(),
                        allowed,
                        workload: workload.into(),
                    },
                    None => StatusError::Unknown {
                        row: text(),
                        level: Level::L2,
                        value: given.clone(),
                        l1: Some(l1.name.clone()),
                        l2: None,
                        allowed,
                        workload: workload.into(),
                    },
                });
            }
        },
    };

    let l3 = match l2 {
        None => match &row.l3 {
            Some(given) => {
                return Err(StatusError::L3Forbidden {
                    row: text(),
                    parent: l1.name.clone(),
                    l3: given.clone(),
                    workload: workload.into(),
                    for_workload: false,
                })
            }
            None => None,
        },
        Some(l2) => {
            let (l3s, empty_ok) = l3_values(r, &l1.name, l2, workload);
            match &row.l3 {
                None if empty_ok => None,
                None => {
                    return Err(StatusError::L3Missing {
                        row: text(),
                        l1: l1.name.clone(),
                        l2: l2.into(),
                        allowed: owned(&l3s),
                        workload: workload.into(),
                    })
                }
                Some(given) => match find(&l3s, given) {
                    Some(l3) => Some(l3),
                    None if l3s.is_empty() => {
                        let elsewhere = r
                            .taxonomy
                            .iter()
                            .any(|t| t.l1 == l1.name && t.l2 == l2 && t.l3.is_some());
                        return Err(StatusError::L3Forbidden {
                            row: text(),
                            parent: l2.into(),
                            l3: given.clone(),
                            workload: workload.into(),
                            for_workload: elsewhere,
                        });
                    }
                    None => {
                        let mut every = Vec::new();
                        for t in &r.taxonomy {
                            if let Some(l3) = &t.l3 {
                                push_unique(&mut every, l3.as_str());
                            }
                        }
                        let allowed = closest(&l3s, given);
                        return Err(match find(&every, given) {
                            Some(known) => StatusError::L3NotAllowed {
                                row: text(),
                                l1: l1.name.clone(),
                                l2: l2.into(),
                                l3: known.into(),
                                allowed,
                                workload: workload.into(),
                            },
                            None => StatusError::Unknown {
                                row: text(),
                                level: Level::L3,
                                value: given.clone(),
                                l1: Some(l1.name.clone()),
                                l2: Some(l2.into()),
                                allowed,
                                workload: workload.into(),
                            },
                        });
                    }
                },
            }
        }
    };

    match (row.target, l1.target_date) {
        (None, Rule::Required) => {
            return Err(StatusError::TargetMissing {
                row: text(),
                l1: l1.name.clone(),
            })
        }
        (Some(target), Rule::Forbidden) => {
            return Err(StatusError::TargetForbidden {
                row: text(),
                l1: l1.name.clone(),
                target,
                dated: r
                    .l1
                    .iter()
                    .filter(|l| l.target_date == Rule::Required)
                    .map(|l| l.name.clone())
                    .collect(),
            })
        }
        _ => {}
    }
    Ok(StatusRow {
        l1: l1.name.clone(),
        l2: l2.map(str::to_string),
        l3: l3.map(str::to_string),
        count: row.count,
        target: row.target,
    })
}

/// Check a whole split of `total` seats of `workload` (a slug) as SPEC 3.4
/// lays out, row by row and then together; the first problem is returned.
pub fn check_split(
    r: &Reference,
    workload: &str,
    total: u32,
    rows: &[RowInput],
) -> Result<Vec<StatusRow>, StatusError> {
    let mut out: Vec<StatusRow> = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        let checked = check_row(r, workload, row)?;
        if let Some(j) = out.iter().position(|o| {
            o.l1 == checked.l1
                && o.l2 == checked.l2
                && o.l3 == checked.l3
                && o.target == checked.target
        }) {
            return Err(StatusError::Duplicate {
                row: rows[i].text.clone(),
                first: rows[j].text.clone(),
            });
        }
        out.push(checked);
    }
    let sum: u64 = out.iter().map(|r| u64::from(r.count)).sum();
    if sum != u64::from(total) {
        return Err(StatusError::Unbalanced { total, sum });
    }
    Ok(out)
}

/// `Blocked / Adoption Readiness / Other`
pub fn row_path(row: &StatusRow) -> String {
    let mut s = row.l1.clone();
    for part in [&row.l2, &row.l3].into_iter().flatten() {
        s.push_str(" / ");
        s.push_str(part);
    }
    s
}

/// `Blocked / Adoption Readiness / Other 5 by 2027-09-01`
pub fn describe_row(row: &StatusRow) -> String {
    let mut s = row_path(row);
    s.push_str(&format!(" {}", row.count));
    if let Some(t) = row.target {
        s.push_str(&format!(" by {t}"));
    }
    s
}

/// `total 10: In Progress 5 by 2027-08-01; Status Unknown / Customer Unresponsive 5`
pub fn describe(s: &WorkloadStatus) -> String {
    let rows: Vec<String> = s.rows.iter().map(describe_row).collect();
    format!("total {}: {}", s.total, rows.join("; "))
}

#[cfg(test)]
mod tests;
