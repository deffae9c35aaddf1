//! `ftc report [--region R] [--fm NAME]`: the pipeline (SPEC 3.6): tenants
//! per stage and per assignment option, DIBS coverage per workload, overdue
//! contacts, and the same per region.

use super::cadence::bulk;
use super::Ctx;
use crate::domain::assignment::AssignOption;
use crate::domain::tenant::{same_fm, Stage};
use crate::domain::trend::{first_day, trend, Trend};
use crate::domain::values::{parse_region, Region};
use crate::error::{invalid, refused, Result};
use crate::reference::workloads;
use crate::render::html::{self, Bars, Chart, Lines};
use crate::render::{self, Columns, Format};
use crate::store::dibs::all_dibs;
use crate::store::history::stages_reached;
use crate::store::tenants::{list_tenants, TenantFilter};
use crate::store::usage::latest_by_tenant;
use crate::store::Scope;
use clap::{Args, ValueEnum};
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};
use std::io::Write;

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Only this region's tenants
    #[arg(long, value_parser = parse_region)]
    pub region: Option<Region>,
    /// Only this FM's tenants
    #[arg(long, value_name = "NAME")]
    pub fm: Option<String>,
    /// Write the report as one self-contained HTML page with charts to FILE (- for stdout); an earlier report there is replaced
    #[arg(long, value_name = "FILE")]
    pub html: Option<std::path::PathBuf>,
    /// With --html: replace FILE even when it is not an ftc report
    #[arg(long, requires = "html")]
    pub force: bool,
}

/// Counts per stage, every stage listed (0 when none), in the order of
/// SPEC 3.1.
fn stage_counts() -> Vec<(Stage, u64)> {
    Stage::value_variants().iter().map(|s| (*s, 0)).collect()
}

fn bump<K: PartialEq>(counts: &mut [(K, u64)], key: &K) {
    if let Some((_, n)) = counts.iter_mut().find(|(k, _)| k == key) {
        *n += 1;
    }
}

#[derive(Debug, Default)]
struct Part {
    tenants: u64,
    by_stage: Vec<(Stage, u64)>,
    overdue: u64,
}

impl Part {
    fn new() -> Part {
        Part {
            by_stage: stage_counts(),
            ..Default::default()
        }
    }

    fn stages_json(&self) -> Value {
        Value::Object(
            self.by_stage
                .iter()
                .map(|(s, n)| (s.as_str().to_string(), Value::from(*n)))
                .collect(),
        )
    }
}

/// The report, as JSON keys in a stable order.
struct Report {
    all: Part,
    by_option: Vec<(String, u64)>,
    /// (workload, full, partial, none)
    dibs: Vec<(String, u64, u64, u64)>,
    /// Regions in order; `None` for tenants without one.
    by_region: Vec<(Option<Region>, Part)>,
    /// (workload, tenants with usage, median Usage % of their latest month)
    usage: Vec<(String, u64, Option<f64>)>,
    /// Overdue contacts per FM: (FM, one count a region of `Region::ALL`,
    /// then tenants without a region).
    overdue_by_fm: Vec<(Option<String>, [u64; 4])>,
}

impl Report {
    fn json(&self) -> Value {
        let mut o = Map::new();
        o.insert("tenants".into(), self.all.tenants.into());
        o.insert("by_stage".into(), self.all.stages_json());
        o.insert(
            "by_option".into(),
            Value::Object(
                self.by_option
                    .iter()
                    .map(|(k, n)| (k.clone(), Value::from(*n)))
                    .collect(),
            ),
        );
        let mut dibs = Map::new();
        for (w, full, partial, none) in &self.dibs {
            dibs.insert(
                w.clone(),
                serde_json::json!({"full": full, "partial": partial, "none": none}),
            );
        }
        o.insert("dibs".into(), Value::Object(dibs));
        let mut usage = Map::new();
        for (w, n, median) in &self.usage {
            usage.insert(
                w.clone(),
                serde_json::json!({"tenants": n, "median_percent": median}),
            );
        }
        o.insert("usage".into(), Value::Object(usage));
        o.insert("overdue_contacts".into(), self.all.overdue.into());
        let mut regions = Map::new();
        for (r, p) in &self.by_region {
            regions.insert(
                r.map_or("none", Region::as_str).to_string(),
                serde_json::json!({
                    "tenants": p.tenants,
                    "by_stage": p.stages_json(),
                    "overdue_contacts": p.overdue,
                }),
            );
        }
        o.insert("by_region".into(), Value::Object(regions));
        Value::Object(o)
    }
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: ReportArgs) -> Result<()> {
    let store = ctx.open_store()?;
    // One read transaction: one consistent view, one file lock.
    let read = store.read()?;
    let tenants = list_tenants(
        &read,
        &TenantFilter {
            region: a.region,
            fm: a.fm.clone(),
            ..Default::default()
        },
    )?;
    let ids: HashSet<i64> = tenants.iter().map(|t| t.id).collect();
    let mut all = Part::new();
    let mut regions: Vec<(Option<Region>, Part)> = Region::ALL
        .iter()
        .filter(|r| a.region.is_none_or(|x| x == **r))
        .map(|r| (Some(*r), Part::new()))
        .collect();
    let mut by_option: Vec<(String, u64)> = AssignOption::ALL
        .iter()
        .map(|o| (o.as_str().to_string(), 0))
        .collect();
    // Each workload's Usage % of the latest month, a tenant each.
    let mut usage: Vec<(String, Vec<f64>)> = workloads::all()
        .iter()
        .map(|w| (w.slug.clone(), Vec::new()))
        .collect();
    for (tenant, latest) in latest_by_tenant(&read, Scope::of(a.fm.as_deref()))? {
        if !ids.contains(&tenant) {
            continue;
        }
        for u in &latest {
            if let Some(p) = u.percent() {
                match usage.iter_mut().find(|(w, _)| *w == u.workload) {
                    Some((_, v)) => v.push(p),
                    None => usage.push((u.workload.clone(), vec![p])),
                }
            }
        }
    }
    let mut overdue_by_fm: Vec<(Option<String>, [u64; 4])> = Vec::new();
    bulk::for_each(read.db(), ctx, tenants, Scope::of(a.fm.as_deref()), |cur| {
        let stage = cur.stage();
        let overdue = cur
            .standing
            .contact()
            .is_some_and(|c| c.step.due_on < ctx.today);
        if let Some(asg) = cur.assignment() {
            match by_option.iter_mut().find(|(k, _)| *k == asg.option) {
                Some((_, n)) => *n += 1,
                None => by_option.push((asg.option.clone(), 1)),
            }
        }
        let region = cur.tenant.region;
        if overdue {
            // The last column: tenants without a region.
            let column = region
                .and_then(|r| Region::ALL.iter().position(|x| *x == r))
                .unwrap_or(Region::ALL.len());
            let fm = &cur.tenant.fm;
            match overdue_by_fm
                .iter_mut()
                .find(|(f, _)| same_fm(f.as_deref(), fm.as_deref()))
            {
                Some((_, n)) => n[column] += 1,
                None => {
                    let mut n = [0; 4];
                    n[column] = 1;
                    overdue_by_fm.push((fm.clone(), n));
                }
            }
        }
        if !regions.iter().any(|(r, _)| *r == region) {
            regions.push((region, Part::new()));
        }
        for part in std::iter::once(&mut all).chain(
            regions
                .iter_mut()
                .filter(|(r, _)| *r == region)
                .map(|(_, p)| p),
        ) {
            part.tenants += 1;
            bump(&mut part.by_stage, &stage);
            part.overdue += u64::from(overdue);
        }
        Ok(())
    })?;

    // DIBS coverage: every workload in effect, then any stored slug the
    // reference data no longer has.
    let mut cover: Vec<(String, u64, u64)> = workloads::all()
        .iter()
        .map(|w| (w.slug.clone(), 0, 0))
        .collect();
    let mut index: HashMap<String, usize> = cover
        .iter()
        .enumerate()
        .map(|(i, (w, _, _))| (w.clone(), i))
        .collect();
    for (tenant, d) in all_dibs(&read)? {
        if !ids.contains(&tenant) {
            continue;
        }
        let i = *index.entry(d.workload.clone()).or_insert_with(|| {
            cover.push((d.workload.clone(), 0, 0));
            cover.len() - 1
        });
        if d.dibs.complete() {
            cover[i].1 += 1;
        } else {
            cover[i].2 += 1;
        }
    }
    let report = Report {
        dibs: cover
            .into_iter()
            .map(|(w, full, partial)| (w, full, partial, all.tenants - full - partial))
            .collect(),
        all,
        by_option,
        by_region: regions,
        usage: usage
            .into_iter()
            .map(|(w, v)| {
                let n = v.len() as u64;
                (
                    w,
                    n,
                    crate::domain::usage::median(v).map(crate::domain::usage::round1),
                )
            })
            .collect(),
        overdue_by_fm,
    };
    if let Some(path) = &a.html {
        let reached = stages_reached(&read, first_day(ctx.today))?;
        let trend = trend(
            ctx.today,
            reached
                .iter()
                .filter(|(t, _, _)| ids.contains(t))
                .map(|(_, s, d)| (s.as_str(), *d)),
        );
        let page = html_page(ctx, &a, &report, &trend);
        if path.as_os_str() == "-" {
            out.write_all(page.as_bytes())?;
        } else {
            // An earlier report is replaced; any other file only with --force.
            if path.exists() && !a.force && !html::is_ours(path) {
                return Err(refused(format!(
                    "{} exists and is not an ftc report",
                    path.display()
                ))
                .with_hint("--force replaces it")
                .into());
            }
            std::fs::write(path, page)
                .map_err(|e| invalid(format!("cannot write {}: {e}", path.display())))?;
            ctx.say(&format!("wrote the report to {}", path.display()));
        }
        return Ok(());
    }
    if ctx.style.format == Format::Table {
        return table(out, ctx, &report);
    }
    render::one(out, ctx.style, &report.json())
}

/// One line of the stage table: a count per region.
#[derive(Serialize)]
struct StageRow {
    stage: String,
    all: u64,
    americas: Option<u64>,
    emea: Option<u64>,
    apj: Option<u64>,
    no_region: Option<u64>,
}

const STAGE_COLUMNS: Columns = Columns {
    keys: &["stage", "all", "americas", "emea", "apj", "no_region"],
    table: &[
        ("stage", "stage"),
        ("all", "all"),
        ("americas", "americas"),
        ("emea", "emea"),
        ("apj", "apj"),
        ("no region", "no_region"),
    ],
    flex: 0,
};

#[derive(Serialize)]
struct OptionRow<'a> {
    option: &'a str,
    tenants: u64,
}

const OPTION_COLUMNS: Columns = Columns {
    keys: &["option", "tenants"],
    table: &[("assignment", "option"), ("tenants", "tenants")],
    flex: 0,
};

#[derive(Serialize)]
struct DibsRow<'a> {
    workload: &'a str,
    full: u64,
    partial: u64,
    none: u64,
}

const DIBS_COLUMNS: Columns = Columns {
    keys: &["workload", "full", "partial", "none"],
    table: &[
        ("dibs", "workload"),
        ("full", "full"),
        ("partial", "partial"),
        ("none", "none"),
    ],
    flex: 0,
};

/// The readable version: stages by region (with the totals and overdue
/// contacts), assignment options, DIBS coverage.
fn table(out: &mut dyn Write, ctx: &Ctx, r: &Report) -> Result<()> {
    let region = |reg: Option<Region>, f: &dyn Fn(&Part) -> u64| -> Option<u64> {
        r.by_region
            .iter()
            .find(|(x, _)| *x == reg)
            .map(|(_, p)| f(p))
    };
    let row = |label: &str, f: &dyn Fn(&Part) -> u64| StageRow {
        stage: label.to_string(),
        all: f(&r.all),
        americas: region(Some(Region::Americas), f),
        emea: region(Some(Region::Emea), f),
        apj: region(Some(Region::Apj), f),
        no_region: region(None, f),
    };
    let mut rows = vec![row("tenants", &|p| p.tenants)];
    for (i, (s, _)) in r.all.by_stage.iter().enumerate() {
        rows.push(row(s.as_str(), &|p| p.by_stage[i].1));
    }
    rows.push(row("overdue contacts", &|p| p.overdue));
    render::list(out, ctx.style, &rows, &STAGE_COLUMNS)?;
    writeln!(out)?;
    // The options and workloads nobody has yet are summed up in one line
    // (the JSON and CSV list them all).
    let options: Vec<OptionRow> = r
        .by_option
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(o, n)| OptionRow {
            option: o,
            tenants: *n,
        })
        .collect();
    if !options.is_empty() {
        render::list(out, ctx.style, &options, &OPTION_COLUMNS)?;
    }
    let unused = r.by_option.len() - options.len();
    if unused > 0 {
        writeln!(out, "(no tenant has the other {unused} assignment options)")?;
    }
    writeln!(out)?;
    let dibs: Vec<DibsRow> = r
        .dibs
        .iter()
        .filter(|(_, full, partial, _)| full + partial > 0)
        .map(|(w, full, partial, none)| DibsRow {
            workload: w,
            full: *full,
            partial: *partial,
            none: *none,
        })
        .collect();
    if !dibs.is_empty() {
        render::list(out, ctx.style, &dibs, &DIBS_COLUMNS)?;
    }
    let without = r.dibs.len() - dibs.len();
    if without > 0 {
        writeln!(
            out,
            "(no DIBS recorded yet for the other {without} workloads)"
        )?;
    }
    writeln!(out)?;
    let usage: Vec<UsageRow> = r
        .usage
        .iter()
        .filter(|(_, n, _)| *n > 0)
        .map(|(w, n, median)| UsageRow {
            workload: w,
            tenants: *n,
            median_percent: *median,
        })
        .collect();
    if !usage.is_empty() {
        render::list(out, ctx.style, &usage, &USAGE_COLUMNS)?;
    }
    let without = r.usage.len() - usage.len();
    if without > 0 {
        writeln!(out, "(no usage recorded for the other {without} workloads)")?;
    }
    Ok(())
}

#[derive(Serialize)]
struct UsageRow<'a> {
    workload: &'a str,
    tenants: u64,
    median_percent: Option<f64>,
}

const USAGE_COLUMNS: Columns = Columns {
    keys: &["workload", "tenants", "median_percent"],
    table: &[
        ("usage", "workload"),
        ("tenants", "tenants"),
        ("median %", "median_percent"),
    ],
    flex: 0,
};

/// The report as one HTML page: the funnel, the options, DIBS coverage,
/// overdue contacts per FM and region, and the twelve weeks' trend.
fn html_page(ctx: &Ctx, a: &ReportArgs, r: &Report, trend: &Trend) -> String {
    let mut scope = vec![format!("{} tenants", r.all.tenants)];
    if let Some(reg) = a.region {
        scope.push(format!("region {}", reg.as_str()));
    }
    if let Some(fm) = &a.fm {
        scope.push(format!("FM {fm}"));
    }
    scope.push(format!("as of {}", ctx.today));
    let one = |label: &str, n: u64| (label.to_string(), vec![n]);
    let charts = vec![
        Chart::Bars(Bars {
            id: "funnel",
            title: "Tenants per stage".into(),
            series: vec!["tenants".into()],
            colours: &html::PALETTE,
            rows: r
                .all
                .by_stage
                .iter()
                .map(|(s, n)| one(s.as_str(), *n))
                .collect(),
            empty: "No tenants.".into(),
        }),
        Chart::Bars(Bars {
            id: "options",
            title: "Tenants per assignment option".into(),
            series: vec!["tenants".into()],
            colours: &html::PALETTE,
            rows: r
                .by_option
                .iter()
                .filter(|(_, n)| *n > 0)
                .map(|(o, n)| one(o, *n))
                .collect(),
            empty: "No tenant is assigned yet.".into(),
        }),
        Chart::Bars(Bars {
            id: "dibs",
            title: "DIBS coverage per workload".into(),
            series: vec!["full".into(), "partial".into(), "none".into()],
            colours: &html::COVERAGE,
            rows: r
                .dibs
                .iter()
                .filter(|(_, full, partial, _)| full + partial > 0)
                .map(|(w, full, partial, none)| (w.clone(), vec![*full, *partial, *none]))
                .collect(),
            empty: "No DIBS recorded yet.".into(),
        }),
        Chart::Bars(Bars {
            id: "overdue",
            title: "Overdue contacts per FM and region".into(),
            colours: &html::PALETTE,
            series: Region::ALL
                .iter()
                .map(|x| x.as_str().to_string())
                .chain(std::iter::once("no region".to_string()))
                .collect(),
            rows: r
                .overdue_by_fm
                .iter()
                .map(|(fm, n)| (fm.clone().unwrap_or_else(|| "(no FM)".into()), n.to_vec()))
                .collect(),
            empty: "No contact is overdue.".into(),
        }),
        Chart::Lines(Lines {
            id: "trend",
            title: "Tenants reaching each stage, week by week (last 12 weeks)".into(),
            labels: trend
                .weeks
                .iter()
                .map(|w| w.format("%m-%d").to_string())
                .collect(),
            series: trend
                .counts
                .iter()
                .map(|(s, v)| (s.to_string(), v.clone()))
                .collect(),
            empty: "Nothing reached a stage in the last 12 weeks.".into(),
        }),
    ];
    html::page("FastTrack pipeline", &scope.join(" · "), &charts)
}
