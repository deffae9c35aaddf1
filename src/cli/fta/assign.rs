//! `ftc fta assign ID|--all [--to NAME [--force]]`: give requests routed to
//! the architects to one of them, by the workload balancer (rule 4.4) or by
//! hand.

use super::{describe, load};
use crate::cli::Ctx;
use crate::domain::fta::{pick, Architect, RequestType};
use crate::domain::values::Region;
use crate::error::{refused, Result};
use crate::render::{self, Columns};
use crate::store::fta::{
    assign_request, find_architect, list_architects, pending_requests, Request,
};
use crate::store::history::record;
use crate::store::sql::Db;
use chrono::NaiveDate;
use clap::{ArgGroup, Args};
use serde::Serialize;
use std::io::Write;

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("which").required(true).args(["id", "all"])))]
pub struct AssignArgs {
    /// The request's id
    pub id: Option<i64>,
    /// Every pending request routed to the architects, oldest received first
    #[arg(long, conflicts_with_all = ["id", "to"])]
    pub all: bool,
    /// This architect instead of the balancer's pick (refused when at capacity
    /// or not serving the request's region, unless --force)
    #[arg(long, value_name = "NAME")]
    pub to: Option<String>,
    /// With --to: assign even over capacity or outside the architect's regions
    #[arg(long, requires = "to")]
    pub force: bool,
}

/// One assignment as printed.
#[derive(Debug, Clone, Serialize)]
pub struct AssignView {
    pub id: i64,
    pub architect: String,
    pub due_on: NaiveDate,
    /// Assigned after the due date.
    pub late: bool,
    pub assigned_on: NaiveDate,
    #[serde(rename = "type")]
    pub kind: RequestType,
    pub tenant: Option<String>,
    pub region: Option<Region>,
    /// Picked by hand (`--to`) rather than by the balancer.
    pub manual: bool,
}

const COLUMNS: Columns = Columns {
    keys: &[
        "id",
        "architect",
        "due_on",
        "late",
        "assigned_on",
        "type",
        "tenant",
        "region",
        "manual",
    ],
    table: &[
        ("id", "id"),
        ("architect", "architect"),
        ("due", "due_on"),
        ("late", "late"),
        ("type", "type"),
        ("tenant", "tenant"),
        ("region", "region"),
    ],
    flex: 5,
};

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: AssignArgs) -> Result<()> {
    match a.id {
        Some(id) if !a.all => one(ctx, out, id, a.to.as_deref(), a.force),
        _ => all(ctx, out),
    }
}

/// "emea" or "an unknown region"
fn region_words(r: Option<Region>) -> String {
    r.map_or("an unknown region".into(), |r| r.as_str().to_string())
}

const LOAD_HINT: &str = "`ftc architect list` shows the load; `ftc fta close ID` ends a finished request, `ftc architect add NAME --capacity N` raises a capacity";

/// Record the assignment and return its view.
fn apply(ctx: &Ctx, tx: Db<'_>, r: &Request, architect: &str, manual: &str) -> Result<AssignView> {
    assign_request(tx, r.id, architect, ctx.today)?;
    let late = ctx.today > r.due_on;
    record(
        tx,
        &ctx.stamp(),
        r.tenant.as_ref().map(|t| t.0),
        "fta.assign",
        &format!(
            "{} assigned to {architect}{manual}, due {}{}",
            describe(r),
            r.due_on,
            if late { " (late)" } else { "" }
        ),
    )?;
    Ok(AssignView {
        id: r.id,
        architect: architect.to_string(),
        due_on: r.due_on,
        late,
        assigned_on: ctx.today,
        kind: r.kind,
        tenant: r.tenant.as_ref().map(|t| t.1.clone()),
        region: r.region,
        manual: !manual.is_empty(),
    })
}

fn one(ctx: &Ctx, out: &mut dyn Write, id: i64, to: Option<&str>, force: bool) -> Result<()> {
    let mut store = ctx.open_store()?;
    let tx = store.write()?;
    let r = load(tx.db(), id)?;
    if r.route != "fta" {
        return Err(refused(format!(
            "{} routes to FTCHelp, not to the architects",
            describe(&r)
        ))
        .with_hint("only discovery workshops, ECIF/DWR, migration exceptions and pre-license engagements are assigned")
        .into());
    }
    if let Some(c) = r.closed_on {
        return Err(refused(format!("{} was closed on {c}", describe(&r))).into());
    }
    if let (Some(who), Some(on)) = (&r.architect, r.assigned_on) {
        return Err(refused(format!(
            "{} is assigned to {who} already (on {on})",
            describe(&r)
        ))
        .with_hint("`ftc fta list` shows every assignment")
        .into());
    }
    let architects = list_architects(&tx)?;
    if architects.is_empty() {
        return Err(refused("there are no architects yet")
            .with_hint("`ftc architect add NAME --region R` adds one")
            .into());
    }
    let (name, manual) = match to {
        Some(name) => {
            let Some(arch) = find_architect(&tx, name)? else {
                let names: Vec<&str> = architects.iter().map(|a| a.name.as_str()).collect();
                return Err(refused(format!("no architect '{name}'"))
                    .with_hint(format!("the architects: {}", names.join(", ")))
                    .into());
            };
            let mut over = Vec::new();
            if !arch.serves(r.region) {
                over.push(format!("does not serve {}", region_words(r.region)));
            }
            if arch.open >= arch.capacity {
                over.push(format!(
                    "is at capacity ({} open of {})",
                    arch.open, arch.capacity
                ));
            }
            if !over.is_empty() && !force {
                return Err(refused(format!("{} {}", arch.name, over.join(" and ")))
                    .with_hint("`--force` assigns anyway; without --to the balancer picks someone with room")
                    .into());
            }
            let how = if over.is_empty() {
                " (by hand)".to_string()
            } else {
                format!(" (by hand, forced: {})", over.join(" and "))
            };
            (arch.name, how)
        }
        None => match pick(&architects, r.region) {
            Some(arch) => (arch.name.clone(), String::new()),
            None => {
                return Err(refused(format!(
                    "nobody can take {}: no architect serving {} is below capacity",
                    describe(&r),
                    region_words(r.region)
                ))
                .with_hint(LOAD_HINT)
                .into());
            }
        },
    };
    let view = apply(ctx, tx.db(), &r, &name, &manual)?;
    tx.commit()?;
    ctx.say(&assigned_line(&view));
    render::one(out, ctx.style, &view)
}

fn assigned_line(v: &AssignView) -> String {
    format!(
        "request #{} assigned to {}, due {}{}",
        v.id,
        v.architect,
        v.due_on,
        if v.late {
            " (assigned after its due date)"
        } else {
            ""
        }
    )
}

/// Every pending request, oldest received first, each to the balancer's pick
/// given the assignments made before it.
fn all(ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let mut store = ctx.open_store()?;
    let tx = store.write()?;
    let last = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX);
    let pending = pending_requests(&tx, last)?;
    let mut architects: Vec<Architect> = list_architects(&tx)?;
    let mut done = Vec::new();
    let mut left = Vec::new();
    for r in &pending {
        let Some(name) = pick(&architects, r.region).map(|a| a.name.clone()) else {
            left.push(r);
            continue;
        };
        if let Some(a) = architects.iter_mut().find(|a| a.name == name) {
            a.open += 1;
            a.ever += 1;
        }
        done.push(apply(ctx, tx.db(), r, &name, "")?);
    }
    if done.is_empty() && !left.is_empty() {
        let ids: Vec<String> = left.iter().map(|r| format!("#{}", r.id)).collect();
        return Err(refused(format!(
            "nobody can take the {} pending request{} ({}): no architect serving their regions is below capacity",
            left.len(),
            if left.len() == 1 { "" } else { "s" },
            ids.join(", ")
        ))
        .with_hint(LOAD_HINT)
        .into());
    }
    tx.commit()?;
    if pending.is_empty() {
        ctx.say("no request is waiting for an architect");
    }
    for v in &done {
        ctx.say(&assigned_line(v));
    }
    for r in &left {
        ctx.say(&format!(
            "warning: {} left pending: no architect serving {} is below capacity",
            describe(r),
            region_words(r.region)
        ));
    }
    render::list(out, ctx.style, &done, &COLUMNS)
}
