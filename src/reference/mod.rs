//! The reference data shipped inside the binary (`reference/` in the
//! repository), parsed once, plus what the user's config adds
//! (`[reference]`: extra workloads, business reasons and L3 values).
//!
//! The effective data is installed once per process from the config
//! (`install`) and read with `get()`; without an install (unit tests) the
//! shipped data alone is used.

pub mod templates;
pub mod workloads;

use crate::config::ReferenceExt;
use serde::Deserialize;
use std::sync::OnceLock;
pub use workloads::Workload;

const L1: &str = include_str!("../../reference/l1.csv");
const TAXONOMY: &str = include_str!("../../reference/taxonomy.csv");
const REASONS: &str = include_str!("../../reference/business-reasons.txt");
const TASKS: &str = include_str!("../../reference/tasks.csv");
const TASK_STATUSES: &str = include_str!("../../reference/task-statuses.txt");
const OPTIONS: &str = include_str!("../../reference/assignment-options.csv");
const FTCHELP: &str = include_str!("../../reference/ftchelp-categories.txt");
const INSIGHTS: &str = include_str!("../../reference/insight-statuses.txt");
const CADENCE_TASKS: &str = include_str!("../../reference/cadence-tasks.csv");

/// Whether an L1 needs an L2 or a target date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    Required,
    Forbidden,
}

/// An L1 service status value (`reference/l1.csv`).
#[derive(Debug, Clone)]
pub struct L1 {
    pub name: String,
    pub slug: String,
    /// Whether an L2 is required (`Required`) or must be absent (`Forbidden`).
    pub l2: Rule,
    pub target_date: Rule,
}

/// One allowed L1 / L2 / L3 combination (`reference/taxonomy.csv`).
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct TaxonomyRow {
    pub l1: String,
    pub l2: String,
    #[serde(default)]
    pub l3: Option<String>,
    /// A workload slug, or `*` for every workload.
    pub workload: String,
}

/// A task of the FTOP checklist (`reference/tasks.csv`).
#[derive(Debug, Clone, Deserialize)]
pub struct Task {
    pub id: u32,
    pub name: String,
    #[serde(deserialize_with = "yes_no")]
    pub mandatory: bool,
    pub role: String,
    pub services: String,
    /// always, when-used, fta-request, frp-referral
    pub shown: String,
}

/// A delivery assignment option and its queue (`reference/assignment-options.csv`).
#[derive(Debug, Clone, Deserialize)]
pub struct AssignOption {
    pub option: String,
    pub queue: String,
    pub description: String,
}

/// An FTCHelp category (`reference/ftchelp-categories.txt`).
#[derive(Debug, Clone)]
pub struct Category {
    pub slug: String,
    pub description: String,
}

/// An FTC Insight lifecycle status and whether it is a completed one.
#[derive(Debug, Clone)]
pub struct InsightStatus {
    pub name: String,
    pub completed: bool,
}

/// A task completed by recording a cadence step (`reference/cadence-tasks.csv`):
/// the send to `party` of attempt `attempt`, by `via` when given.
#[derive(Debug, Clone, Deserialize)]
pub struct CadenceTask {
    pub party: String,
    pub attempt: u32,
    #[serde(default)]
    pub via: Option<String>,
    pub task: u32,
}

impl CadenceTask {
    /// Whether recording this send completes the task.
    pub fn matches(&self, party: &str, attempt: u32, via: &str) -> bool {
        self.party == party
            && self.attempt == attempt
            && self.via.as_deref().is_none_or(|v| v.is_empty() || v == via)
    }
}

/// All the reference data in effect.
#[derive(Debug, Clone)]
pub struct Reference {
    pub workloads: Vec<Workload>,
    pub l1: Vec<L1>,
    pub taxonomy: Vec<TaxonomyRow>,
    pub business_reasons: Vec<String>,
    pub tasks: Vec<Task>,
    pub task_statuses: Vec<String>,
    pub options: Vec<AssignOption>,
    pub ftchelp_categories: Vec<Category>,
    pub insight_statuses: Vec<InsightStatus>,
    pub cadence_tasks: Vec<CadenceTask>,
}

fn yes_no<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    let s = String::deserialize(d)?;
    Ok(s.eq_ignore_ascii_case("yes"))
}

fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty())
}

fn csv_rows<T: serde::de::DeserializeOwned>(text: &str, what: &str) -> Vec<T> {
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .collect::<Result<Vec<T>, _>>()
        .unwrap_or_else(|e| panic!("the shipped {what} is valid (checked by a test): {e}"))
}

fn rule(s: &str) -> Rule {
    if s == "required" {
        Rule::Required
    } else {
        Rule::Forbidden
    }
}

/// A display name as a slug: `Customer IT Infrastructure` -> `customer-it-infrastructure`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

impl Reference {
    /// The data shipped in `reference/`.
    pub fn builtin() -> Reference {
        #[derive(Deserialize)]
        struct L1Row {
            l1: String,
            slug: String,
            l2: String,
            target_date: String,
        }
        let l1 = csv_rows::<L1Row>(L1, "l1.csv")
            .into_iter()
            .map(|r| L1 {
                name: r.l1,
                slug: r.slug,
                l2: rule(&r.l2),
                target_date: rule(&r.target_date),
            })
            .collect();
        let taxonomy = csv_rows::<TaxonomyRow>(TAXONOMY, "taxonomy.csv")
            .into_iter()
            .map(|mut r| {
                r.l3 = r.l3.filter(|s| !s.trim().is_empty());
                r
            })
            .collect();
        let ftchelp_categories = lines(FTCHELP)
            .map(|l| {
                let (slug, rest) = l.split_once(char::is_whitespace).unwrap_or((l, ""));
                Category {
                    slug: slug.to_string(),
                    description: rest.trim().to_string(),
                }
            })
            .collect();
        let mut completed = false;
        let mut insight_statuses = Vec::new();
        for l in lines(INSIGHTS) {
            if let Some(heading) = l.strip_prefix('#') {
                completed = heading.trim() == "completed";
            } else {
                insight_statuses.push(InsightStatus {
                    name: l.to_string(),
                    completed,
                });
            }
        }
        Reference {
            workloads: workloads::builtin().to_vec(),
            l1,
            taxonomy,
            business_reasons: lines(REASONS).map(str::to_string).collect(),
            tasks: csv_rows(TASKS, "tasks.csv"),
            task_statuses: lines(TASK_STATUSES).map(str::to_string).collect(),
            options: csv_rows(OPTIONS, "assignment-options.csv"),
            ftchelp_categories,
            insight_statuses,
            cadence_tasks: csv_rows(CADENCE_TASKS, "cadence-tasks.csv"),
        }
    }

    /// The shipped data extended by the config's `[reference]` section.
    pub fn with(ext: &ReferenceExt) -> Result<Reference, String> {
        let mut r = Reference::builtin();
        for w in &ext.workloads {
            if w.slug.trim().is_empty() || w.name.trim().is_empty() {
                return Err("reference.workloads: every workload needs a slug and a name".into());
            }
            if r.workloads.iter().any(|x| x.slug == w.slug) {
                return Err(format!(
                    "reference.workloads: '{}' is a shipped workload already",
                    w.slug
                ));
            }
            r.workloads.push(w.clone());
        }
        for reason in &ext.business_reasons {
            if !r
                .business_reasons
                .iter()
                .any(|x| x.eq_ignore_ascii_case(reason))
            {
                r.business_reasons.push(reason.clone());
            }
        }
        for row in &ext.taxonomy {
            let Some(l1) =
                r.l1.iter()
                    .find(|l| l.name.eq_ignore_ascii_case(&row.l1) || l.slug == row.l1)
            else {
                return Err(format!("reference.taxonomy: '{}' is not an L1", row.l1));
            };
            let l1_name = l1.name.clone();
            let Some(l2_name) = r
                .taxonomy
                .iter()
                .find(|t| {
                    t.l1 == l1_name && (t.l2.eq_ignore_ascii_case(&row.l2) || slug(&t.l2) == row.l2)
                })
                .map(|t| t.l2.clone())
            else {
                return Err(format!(
                    "reference.taxonomy: '{}' is not an L2 of {l1_name}",
                    row.l2
                ));
            };
            if row.workload != "*" && !r.workloads.iter().any(|w| w.slug == row.workload) {
                return Err(format!(
                    "reference.taxonomy: '{}' is not a workload slug (or *)",
                    row.workload
                ));
            }
            r.taxonomy.push(TaxonomyRow {
                l1: l1_name,
                l2: l2_name,
                l3: row.l3.clone(),
                workload: row.workload.clone(),
            });
        }
        Ok(r)
    }
}

/// What `install` set: the shipped data extended by the config, or None
/// for the shipped data alone (parsed when first asked for: most commands
/// never look at it).
static INSTALLED: OnceLock<Option<Reference>> = OnceLock::new();

/// Install the effective reference data for this process (first call
/// wins). A config that adds nothing leaves the shipped data to be parsed
/// when first needed; one that adds something is applied (and checked)
/// now.
pub fn install(ext: &ReferenceExt) -> Result<(), String> {
    if INSTALLED.get().is_none() {
        let r = if ext.is_empty() {
            None
        } else {
            Some(Reference::with(ext)?)
        };
        let _ = INSTALLED.set(r);
    }
    Ok(())
}

/// The reference data in effect.
pub fn get() -> &'static Reference {
    static BUILTIN: OnceLock<Reference> = OnceLock::new();
    match INSTALLED.get() {
        Some(Some(r)) => r,
        Some(None) | None => BUILTIN.get_or_init(Reference::builtin),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cadence_task_is_a_task_of_the_checklist() {
        let r = get();
        assert!(!r.cadence_tasks.is_empty());
        for ct in &r.cadence_tasks {
            assert!(r.tasks.iter().any(|t| t.id == ct.task), "task {}", ct.task);
            assert!(ct.party.parse::<crate::domain::cadence::Party>().is_ok());
        }
    }

    #[test]
    fn shipped_data_parses() {
        let r = Reference::builtin();
        assert_eq!(r.l1.len(), 5);
        assert!(r.taxonomy.len() > 300);
        assert_eq!(r.business_reasons.len(), 14);
        assert_eq!(r.task_statuses.len(), 13);
        assert!(r.tasks.iter().any(|t| t.id == 2453 && t.mandatory));
        assert_eq!(r.options.len(), 12);
        assert_eq!(r.ftchelp_categories.len(), 9);
        assert_eq!(
            r.insight_statuses.iter().filter(|s| !s.completed).count(),
            6
        );
        assert!(r
            .taxonomy
            .iter()
            .any(|t| t.l2 == "Customer Unresponsive" && t.l3.is_none()));
    }

    #[test]
    fn slugs() {
        assert_eq!(
            slug("Customer IT Infrastructure and Remediation"),
            "customer-it-infrastructure-and-remediation"
        );
        assert_eq!(
            slug("Billing, Licensing and Subscription"),
            "billing-licensing-and-subscription"
        );
        assert_eq!(slug("Legal/Regulatory"), "legal-regulatory");
    }

    #[test]
    fn config_extends() {
        let ext = ReferenceExt {
            workloads: vec![Workload {
                slug: "loop".into(),
                name: "Microsoft Loop".into(),
                aliases: vec![],
                frp_eligible: false,
            }],
            business_reasons: vec!["Reduce Carbon Footprint".into()],
            taxonomy: vec![TaxonomyRow {
                l1: "Blocked".into(),
                l2: "adoption-readiness".into(),
                l3: Some("Union Consultation".into()),
                workload: "*".into(),
            }],
        };
        let r = Reference::with(&ext).unwrap();
        assert!(r.workloads.iter().any(|w| w.slug == "loop"));
        assert_eq!(r.business_reasons.len(), 15);
        assert!(
            r.taxonomy
                .iter()
                .any(|t| t.l3.as_deref() == Some("Union Consultation")
                    && t.l2 == "Adoption Readiness")
        );
        let bad = ReferenceExt {
            taxonomy: vec![TaxonomyRow {
                l1: "Nope".into(),
                l2: "x".into(),
                l3: None,
                workload: "*".into(),
            }],
            ..Default::default()
        };
        assert!(Reference::with(&bad).is_err());
    }
}
