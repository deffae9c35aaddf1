//! Workload usage (seed 002, "the partner's page"): Usage % is monthly
//! active users over paid available units, and the usage thresholds of the
//! FRP referral criteria (rule 4.3): a tenant of 150 to 499 seats qualifies
//! when some FRP-eligible workload is below 20% usage; at 500 seats or
//! more, when Exchange, Microsoft 365 Apps or Entra ID is below 10%, or
//! Teams, SharePoint, Viva Engage or Intune below 20%.

use serde::Serialize;

/// One month of one workload's usage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Usage {
    pub workload: String,
    /// `YYYY-MM`.
    pub month: String,
    pub active_users: i64,
    pub paid_units: i64,
}

impl Usage {
    /// Active users over paid available units, in percent; `None` without
    /// paid units.
    pub fn percent(&self) -> Option<f64> {
        percent(self.active_users, self.paid_units)
    }
}

/// `active` over `paid` in percent, `None` when nothing is paid for.
pub fn percent(active: i64, paid: i64) -> Option<f64> {
    (paid > 0).then(|| active as f64 * 100.0 / paid as f64)
}

/// A percentage as shown: one decimal (`8.5%`).
pub fn show_percent(p: f64) -> String {
    format!("{:.1}%", round1(p))
}

/// Rounded to one decimal, for output.
pub fn round1(p: f64) -> f64 {
    (p * 10.0).round() / 10.0
}

/// Parse a month `YYYY-MM` (a real month: 01-12, year 2000-2099... any
/// four-digit year).
pub fn parse_month(s: &str) -> Result<String, String> {
    let t = s.trim();
    let ok = t.len() == 7
        && t.as_bytes()[4] == b'-'
        && t[..4].bytes().all(|b| b.is_ascii_digit())
        && t[5..].bytes().all(|b| b.is_ascii_digit())
        && matches!(t[5..].parse::<u32>(), Ok(1..=12));
    if ok {
        Ok(t.to_string())
    } else {
        Err(format!(
            "{} is not a month (YYYY-MM)",
            crate::domain::values::shown(t)
        ))
    }
}

/// The columns of the usage feed, by position (any order, other columns
/// ignored).
#[derive(Debug, Clone)]
pub struct FeedHeader {
    tenant_id: usize,
    workload: usize,
    month: usize,
    active_users: usize,
    paid_units: usize,
    /// Workloads as written and their slugs: a feed names a few, a
    /// hundred thousand times.
    known: Vec<(String, &'static str)>,
}

/// The columns the usage feed must have.
pub const REQUIRED: [&str; 5] = [
    "tenant_id",
    "workload",
    "month",
    "active_users",
    "paid_units",
];

/// One valid row of the usage feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedRow {
    pub tenant_id: String,
    /// A workload slug.
    pub workload: String,
    pub month: String,
    pub active_users: i64,
    pub paid_units: i64,
}

impl FeedHeader {
    /// The header row (case, spaces and a byte-order mark ignored).
    pub fn parse(fields: &[&str]) -> Result<FeedHeader, String> {
        let names: Vec<String> = fields
            .iter()
            .map(|f| f.trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
            .collect();
        let at = |col: &str| names.iter().position(|n| n == col);
        let missing: Vec<&str> = REQUIRED
            .iter()
            .copied()
            .filter(|c| at(c).is_none())
            .collect();
        if !missing.is_empty() {
            return Err(format!(
                "the header lacks {} (required: {})",
                missing.join(", "),
                REQUIRED.join(", ")
            ));
        }
        let col = |c: &str| at(c).unwrap_or_default();
        Ok(FeedHeader {
            tenant_id: col("tenant_id"),
            workload: col("workload"),
            month: col("month"),
            active_users: col("active_users"),
            paid_units: col("paid_units"),
            known: Vec::new(),
        })
    }

    /// A row's values, or everything wrong with it: a tenant ID, a
    /// workload by slug, name or alias, a month `YYYY-MM`, counts of 0 or
    /// more.
    pub fn parse_row(&mut self, fields: &[&str]) -> Result<FeedRow, String> {
        let field = |i: usize, what: &str| -> Result<&str, String> {
            fields
                .get(i)
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .ok_or_else(|| format!("{what}: missing"))
        };
        let count = |i: usize, what: &str| -> Result<i64, String> {
            let s = field(i, what)?;
            match s.parse::<i64>() {
                Ok(n) if n >= 0 => Ok(n),
                Ok(_) => Err(format!("{what}: must be 0 or more, not {s}")),
                Err(_) => Err(format!(
                    "{what}: {} is not a whole number",
                    crate::domain::values::shown(s)
                )),
            }
        };
        let guid = field(self.tenant_id, "tenant_id").and_then(|s| {
            crate::domain::values::parse_guid(s).map_err(|e| format!("tenant_id: {e}"))
        });
        let known = &mut self.known;
        let workload = field(self.workload, "workload").and_then(|s| {
            if let Some((_, slug)) = known.iter().find(|(k, _)| k == s) {
                return Ok(slug.to_string());
            }
            let slug = crate::reference::workloads::resolve(s)
                .map(|w| w.slug.as_str())
                .map_err(|e| format!("workload: {e}"))?;
            known.push((s.to_string(), slug));
            Ok(slug.to_string())
        });
        let month = field(self.month, "month")
            .and_then(|s| parse_month(s).map_err(|e| format!("month: {e}")));
        let active = count(self.active_users, "active_users");
        let paid = count(self.paid_units, "paid_units");
        match (guid, workload, month, active, paid) {
            (Ok(tenant_id), Ok(workload), Ok(month), Ok(active_users), Ok(paid_units)) => {
                Ok(FeedRow {
                    tenant_id,
                    workload,
                    month,
                    active_users,
                    paid_units,
                })
            }
            (g, w, m, a, p) => Err([g.err(), w.err(), m.err(), a.err(), p.err()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join("; ")),
        }
    }
}

/// The `[assignment]` usage thresholds, in percent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UsageThresholds {
    /// 150-499 seats: some FRP-eligible workload below this.
    pub small_max: f64,
    /// 500 seats or more: Exchange, Microsoft 365 Apps or Entra ID below this.
    pub core_max: f64,
    /// 500 seats or more: Teams, SharePoint, Viva Engage or Intune below this.
    pub collab_max: f64,
}

impl Default for UsageThresholds {
    fn default() -> Self {
        UsageThresholds {
            small_max: 20.0,
            core_max: 10.0,
            collab_max: 20.0,
        }
    }
}

/// The workloads of the 500-seat thresholds.
pub const CORE: [&str; 3] = ["exchange", "m365-apps", "entra-id"];
pub const COLLAB: [&str; 4] = ["teams", "sharepoint", "viva-engage", "intune"];

/// The smallest tenant the usage thresholds qualify, and where the larger
/// thresholds start.
pub const SMALL_MIN_SEATS: i64 = 150;
pub const LARGE_MIN_SEATS: i64 = 500;

/// What the usage thresholds say of an FRP referral.
#[derive(Debug, Clone, PartialEq)]
pub enum ReferralUsage {
    /// No usage is known for the tenant: the thresholds are not considered.
    Unknown,
    /// A workload is below its threshold: the reason names it.
    Holds(String),
    /// Usage is known and no workload is below its threshold.
    Fails(String),
}

/// The usage thresholds for a tenant of `seats` seats whose latest usage
/// per workload is `latest`; `frp_eligible` says which workloads count in
/// the 150-499 rule.
pub fn referral_usage(
    seats: i64,
    latest: &[Usage],
    frp_eligible: impl Fn(&str) -> bool,
    t: &UsageThresholds,
) -> ReferralUsage {
    let known: Vec<(&str, f64)> = latest
        .iter()
        .filter_map(|u| u.percent().map(|p| (u.workload.as_str(), p)))
        .collect();
    if known.is_empty() {
        return ReferralUsage::Unknown;
    }
    let below = |w: &str, p: f64, max: f64| {
        format!(
            "{w} usage {} is below {}% ({seats} seats)",
            show_percent(p),
            max
        )
    };
    if seats < SMALL_MIN_SEATS {
        return ReferralUsage::Fails(format!(
            "{seats} seats: the FRP referral usage criteria start at {SMALL_MIN_SEATS} seats"
        ));
    }
    let hit = if seats < LARGE_MIN_SEATS {
        known
            .iter()
            .filter(|(w, p)| frp_eligible(w) && *p < t.small_max)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(w, p)| below(w, *p, t.small_max))
    } else {
        known
            .iter()
            .filter_map(|(w, p)| {
                let max = if CORE.contains(w) {
                    t.core_max
                } else if COLLAB.contains(w) {
                    t.collab_max
                } else {
                    return None;
                };
                (*p < max).then_some((*w, *p, max))
            })
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(w, p, max)| below(w, p, max))
    };
    match hit {
        Some(reason) => ReferralUsage::Holds(reason),
        None => {
            let shown: Vec<String> = known
                .iter()
                .map(|(w, p)| format!("{w} {}", show_percent(*p)))
                .collect();
            ReferralUsage::Fails(format!(
                "no workload's usage is below the FRP referral thresholds for {seats} seats ({})",
                shown.join(", ")
            ))
        }
    }
}

/// The active usage of a tenant across workloads (AU%): the active users
/// over the paid units of every workload's latest month given; `None`
/// when nothing is paid for.
pub fn active_usage(latest: &[Usage]) -> Option<f64> {
    let active: i64 = latest.iter().map(|u| u.active_users).sum();
    let paid: i64 = latest.iter().map(|u| u.paid_units).sum();
    percent(active, paid)
}

/// A claim on a workload, as the partner page looks at it.
#[derive(Debug, Clone, Copy)]
pub struct ClaimOn<'a> {
    pub workload: &'a str,
    pub mpn: &'a str,
    pub claim_id: Option<&'a str>,
}

/// One workload of a partner's page.
#[derive(Debug, Clone, PartialEq)]
pub struct PageLine<'a> {
    pub workload: &'a str,
    /// This partner's claim number, when it claimed the workload (`Some(None)`:
    /// claimed without a number).
    pub claim: Option<Option<&'a str>>,
    /// Nobody claimed it: the partner may.
    pub claimable: bool,
    /// Its latest usage, when the page shows usage.
    pub usage: Option<&'a Usage>,
}

/// What a partner sees of a tenant (seed 002): the workloads it claimed,
/// first; then every FRP-eligible workload nobody claimed, marked
/// claimable; nothing of a workload another partner claimed. Usage shows
/// once the partner holds a claim on the tenant (the `bool`).
/// `workloads`: every workload in order, with whether it is FRP-eligible.
pub fn partner_page<'a>(
    mpn: &str,
    workloads: &[(&'a str, bool)],
    claims: &[ClaimOn<'a>],
    latest: &'a [Usage],
) -> (bool, Vec<PageLine<'a>>) {
    let visible = claims.iter().any(|c| c.mpn == mpn);
    let mut lines: Vec<PageLine> = workloads
        .iter()
        .filter_map(|&(w, frp_eligible)| {
            let claim = claims.iter().find(|c| c.workload == w);
            let ours = claim.filter(|c| c.mpn == mpn);
            let shown = match claim {
                Some(_) => ours.is_some(),
                None => frp_eligible,
            };
            shown.then(|| PageLine {
                workload: w,
                claim: ours.map(|c| c.claim_id),
                claimable: claim.is_none(),
                usage: latest.iter().find(|u| u.workload == w).filter(|_| visible),
            })
        })
        .collect();
    lines.sort_by_key(|l| l.claim.is_none());
    (visible, lines)
}

/// The median of some percentages (the mean of the middle two of an even
/// count); `None` of none.
pub fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    Some(if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    })
}

/// The latest month of each workload among `rows` (any order), on or
/// before `until` (`YYYY-MM`) when given; workloads in name order.
pub fn latest(rows: &[Usage], until: Option<&str>) -> Vec<Usage> {
    let mut best: std::collections::BTreeMap<&str, &Usage> = Default::default();
    for u in rows {
        if until.is_some_and(|m| u.month.as_str() > m) {
            continue;
        }
        let e = best.entry(u.workload.as_str()).or_insert(u);
        if u.month > e.month {
            *e = u;
        }
    }
    best.into_values().cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn u(workload: &str, active: i64, paid: i64) -> Usage {
        Usage {
            workload: workload.into(),
            month: "2027-06".into(),
            active_users: active,
            paid_units: paid,
        }
    }

    fn eligible(w: &str) -> bool {
        w != "power-bi"
    }

    fn verdict(seats: i64, latest: &[Usage]) -> ReferralUsage {
        referral_usage(seats, latest, eligible, &UsageThresholds::default())
    }

    fn holds(v: &ReferralUsage) -> bool {
        matches!(v, ReferralUsage::Holds(_))
    }

    #[test]
    fn unknown_usage_is_not_considered() {
        assert_eq!(verdict(300, &[]), ReferralUsage::Unknown);
        // Nothing paid for: no percentage, so nothing known.
        assert_eq!(verdict(300, &[u("teams", 5, 0)]), ReferralUsage::Unknown);
    }

    /// 199/1000 is 19.9%, 200/1000 20%; 99/1000 9.9%, 100/1000 10%.
    #[rstest]
    #[case(149, "teams", 199, false)] // below the 150-seat start
    #[case(150, "teams", 199, true)] // 19.9% < 20%
    #[case(150, "teams", 200, false)] // 20% is not below 20%
    #[case(150, "power-bi", 10, false)] // not FRP-eligible
    #[case(499, "exchange", 199, true)] // any FRP-eligible workload below 20%
    #[case(499, "onedrive", 199, true)]
    #[case(500, "exchange", 199, false)] // 500+: Exchange needs below 10%
    #[case(500, "exchange", 99, true)] // 9.9%
    #[case(500, "exchange", 100, false)] // 10%
    #[case(500, "m365-apps", 99, true)]
    #[case(500, "entra-id", 100, false)]
    #[case(500, "teams", 199, true)] // collaboration: below 20%
    #[case(500, "sharepoint", 200, false)]
    #[case(500, "viva-engage", 199, true)]
    #[case(500, "intune", 199, true)]
    #[case(500, "onedrive", 10, false)] // not in either 500+ group
    fn thresholds_at_their_edges(
        #[case] seats: i64,
        #[case] workload: &str,
        #[case] active: i64,
        #[case] want: bool,
    ) {
        let v = verdict(seats, &[u(workload, active, 1000)]);
        assert_eq!(
            holds(&v),
            want,
            "{seats} seats, {workload} {active}/1000: {v:?}"
        );
    }

    #[test]
    fn the_reasons_name_the_workload_and_its_usage() {
        let v = verdict(600, &[u("teams", 500, 1000), u("exchange", 85, 1000)]);
        assert_eq!(
            v,
            ReferralUsage::Holds("exchange usage 8.5% is below 10% (600 seats)".into())
        );
        let v = verdict(600, &[u("teams", 500, 1000), u("exchange", 450, 1000)]);
        assert_eq!(
            v,
            ReferralUsage::Fails(
                "no workload's usage is below the FRP referral thresholds for 600 seats \
                 (teams 50.0%, exchange 45.0%)"
                    .into()
            )
        );
    }

    #[test]
    fn a_partner_sees_its_claims_the_claimable_workloads_and_usage_once_it_claims() {
        let workloads = [
            ("exchange", true),
            ("teams", true),
            ("power-bi", false),
            ("intune", true),
        ];
        let usage = [u("exchange", 90, 1000), u("teams", 500, 1000)];
        let claims = [
            ClaimOn {
                workload: "teams",
                mpn: "1",
                claim_id: Some("C-7"),
            },
            ClaimOn {
                workload: "intune",
                mpn: "2",
                claim_id: None,
            },
        ];
        let (visible, lines) = partner_page("1", &workloads, &claims, &usage);
        assert!(visible);
        let shown: Vec<(&str, Option<Option<&str>>, bool)> = lines
            .iter()
            .map(|l| (l.workload, l.claim, l.claimable))
            .collect();
        // Its claim first; power-bi is not FRP-eligible, intune is another's.
        assert_eq!(
            shown,
            [
                ("teams", Some(Some("C-7")), false),
                ("exchange", None, true)
            ]
        );
        assert_eq!(lines[1].usage.map(|u| u.active_users), Some(90));
        // Without a claim: the claimable workloads, no usage.
        let (visible, lines) = partner_page("3", &workloads, &claims, &usage);
        assert!(!visible);
        assert_eq!(lines.len(), 1);
        assert!(lines.iter().all(|l| l.usage.is_none()));
    }

    #[test]
    fn months_and_the_latest_of_each_workload() {
        assert!(parse_month("2027-06").is_ok());
        for bad in ["2027-13", "2027-00", "2027-6", "27-06", "2027/06", "June"] {
            assert!(parse_month(bad).is_err(), "{bad}");
        }
        let rows = [
            Usage {
                month: "2027-05".into(),
                ..u("teams", 1, 10)
            },
            Usage {
                month: "2027-07".into(),
                ..u("teams", 3, 10)
            },
            Usage {
                month: "2027-06".into(),
                ..u("teams", 2, 10)
            },
            Usage {
                month: "2027-06".into(),
                ..u("exchange", 5, 10)
            },
        ];
        let l = latest(&rows, None);
        assert_eq!(l.len(), 2);
        assert_eq!(
            (l[0].workload.as_str(), l[0].month.as_str()),
            ("exchange", "2027-06")
        );
        assert_eq!(l[1].month, "2027-07");
        let l = latest(&rows, Some("2027-06"));
        assert_eq!(l[1].month, "2027-06");
        assert_eq!(active_usage(&l), Some(35.0));
        assert_eq!(active_usage(&[]), None);
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![30.0, 10.0, 20.0]), Some(20.0));
        assert_eq!(median(vec![40.0, 10.0, 20.0, 30.0]), Some(25.0));
    }
}
