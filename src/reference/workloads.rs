//! Workloads (`reference/workloads.toml`): slug, display name, aliases,
//! FRP eligibility. Input accepts any of slug, name or alias, in any case.

use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

const DATA: &str = include_str!("../../reference/workloads.toml");

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Workload {
    pub slug: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub frp_eligible: bool,
}

#[derive(Deserialize)]
struct File {
    workload: Vec<Workload>,
}

/// Every workload in effect: the shipped ones, then the config's.
pub fn all() -> &'static [Workload] {
    &super::get().workloads
}

/// Every shipped workload, in file order.
pub fn builtin() -> &'static [Workload] {
    static ALL: OnceLock<Vec<Workload>> = OnceLock::new();
    ALL.get_or_init(|| {
        toml::from_str::<File>(DATA)
            .map(|f| f.workload)
            .expect("reference/workloads.toml is valid (checked by a test)")
    })
}

/// Find a workload by slug, display name or alias, case-insensitively.
pub fn find(input: &str) -> Option<&'static Workload> {
    let key = input.trim().to_lowercase();
    all().iter().find(|w| {
        w.slug == key
            || w.name.to_lowercase() == key
            || w.aliases.iter().any(|a| a.to_lowercase() == key)
    })
}

/// Resolve a workload or explain which ones exist, closest first.
pub fn resolve(input: &str) -> Result<&'static Workload, String> {
    find(input).ok_or_else(|| {
        let key = input.trim().to_lowercase();
        let mut near: Vec<(f64, &str)> = all()
            .iter()
            .map(|w| {
                let s = strsim::jaro_winkler(&key, &w.slug)
                    .max(strsim::jaro_winkler(&key, &w.name.to_lowercase()));
                (s, w.slug.as_str())
            })
            .collect();
        near.sort_by(|a, b| b.0.total_cmp(&a.0));
        let names: Vec<&str> = near.iter().take(3).map(|n| n.1).collect();
        format!(
            "{} is not a workload; closest: {}",
            crate::domain::values::shown(input),
            names.join(", ")
        )
    })
}

/// Parse a comma-separated list of workloads into their slugs (no repeats).
pub fn parse_list(input: &str) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::new();
    for part in input.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let w = resolve(part)?;
        if !out.contains(&w.slug) {
            out.push(w.slug.clone());
        }
    }
    if out.is_empty() {
        return Err("no workload given".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_finds() {
        assert!(all().len() >= 20);
        assert_eq!(find("EXO").unwrap().slug, "exchange");
        assert_eq!(find("SharePoint Online").unwrap().slug, "sharepoint");
        assert_eq!(find("teams").unwrap().slug, "teams");
        assert!(find("lotus notes").is_none());
        assert!(resolve("exchang").unwrap_err().contains("exchange"));
        assert_eq!(
            parse_list("exo, spo,EXO").unwrap(),
            vec!["exchange", "sharepoint"]
        );
    }
}
