//! The assignment decision for one tenant and applying an option: what
//! `ftc assign`, the agenda, the report and `ftc engage` share.
//!
//! For `engage`: [`propose`] (or [`decide_tenant`]) gives rule 4.3's
//! decision for a tenant as recorded; [`Choice::from_decision`] or
//! [`Choice::manual`] turns it (or an override) into what to apply; [`apply`]
//! writes it inside the caller's write transaction.

use crate::cli::cadence::Current;
use crate::cli::Ctx;
use crate::domain::assignment::{self, AssignOption, Decision, Thresholds};
use crate::domain::values::Region;
use crate::error::{refused, Result};
use crate::reference;
use crate::store::assignments::{insert_assignment, NewAssignment, StoredAssignment};
use crate::store::dibs::list_dibs;
use crate::store::history::record;
use crate::store::sql::Db;
use crate::store::tasks::{get_task, set_task};
use crate::store::tenants::Tenant;
use chrono::NaiveDate;
use serde::Serialize;

/// Task 2453, (Gateway Only) Completion of Engagement Process: applying an
/// assignment completes it when the tenant has full DIBS for a workload.
pub const ENGAGEMENT_TASK: u32 = 2453;

const COMPLETE: &str = "Complete";

/// Rule 4.3's answer for a tenant, as recorded now.
#[derive(Debug, Clone)]
pub struct Proposal {
    /// The option and why, or what is missing before one applies.
    pub decision: std::result::Result<Decision, Vec<String>>,
    /// The day the decided option became ready (for the agenda).
    pub ready_on: Option<NaiveDate>,
    /// Some workload has full DIBS (applying completes task 2453).
    pub full_dibs: bool,
}

impl Proposal {
    /// The queue of the decided option for this tenant: `Err` says why it
    /// cannot be named (no region for a regional queue).
    pub fn queue(&self, region: Option<Region>) -> Option<std::result::Result<String, String>> {
        self.decision
            .as_ref()
            .ok()
            .map(|d| queue(d.option, region, d.frp.as_deref()))
    }
}

/// The `[assignment]` thresholds of the config.
pub fn thresholds(ctx: &Ctx) -> Thresholds {
    let a = &ctx.config.assignment;
    Thresholds {
        css_min_seats: a.css_min_seats,
        reactive_max_seats: a.reactive_max_seats,
        frp_referral_min_workload_seats: a.frp_referral_min_workload_seats,
        usage: crate::domain::usage::UsageThresholds {
            small_max: a.referral_usage_small_max,
            core_max: a.referral_usage_core_max,
            collab_max: a.referral_usage_collab_max,
        },
    }
}

/// The queue an option sets (`reference/assignment-options.csv`): regional
/// queues take the tenant's region (`FTCQ CSS EMEA`); `frp-engaged` takes
/// the FRP's name.
pub fn queue(
    option: AssignOption,
    region: Option<Region>,
    frp: Option<&str>,
) -> std::result::Result<String, String> {
    let template = reference::get()
        .options
        .iter()
        .find(|o| o.option == option.as_str())
        .map(|o| o.queue.as_str())
        .ok_or_else(|| format!("the reference data has no queue for {option}"))?;
    if template.contains("{Region}") && region.is_none() {
        return Err(format!(
            "{option} goes to a regional queue ({template}) and the tenant has no region"
        ));
    }
    if template.contains("{frp}") && frp.is_none() {
        return Err(format!(
            "{option} goes to the FRP's own queue and the tenant has no partner named"
        ));
    }
    Ok(assignment::queue(
        template,
        region.map(Region::queue_name),
        frp,
    ))
}

/// Rule 4.3's answer for the tenant `cur` was loaded for, as its standing
/// has it.
pub fn propose(cur: &Current) -> Proposal {
    Proposal {
        decision: cur.standing.decision.clone(),
        ready_on: cur.standing.ready_on,
        full_dibs: cur.full_dibs(),
    }
}

/// Load a tenant and decide: its [`Current`] and rule 4.3's answer.
pub fn decide_tenant(conn: Db<'_>, ctx: &Ctx, tenant: &Tenant) -> Result<(Current, Proposal)> {
    let cur = Current::load(conn, ctx, tenant.clone())?;
    let p = propose(&cur);
    Ok((cur, p))
}

/// An option to apply.
#[derive(Debug, Clone)]
pub struct Choice {
    pub option: AssignOption,
    /// The FRP's name, for `frp-engaged` (its queue).
    pub frp: Option<String>,
    pub reasons: Vec<String>,
    /// An `--option` override of the rules.
    pub manual: bool,
    /// `None`: keep the assignee of the assignment in force when it has the
    /// same option and queue, else nobody.
    pub assignee: Option<String>,
    pub on: NaiveDate,
    /// An `frp-referral`: the MPN ID of the FRP it goes to (`--frp`).
    pub frp_mpn: Option<String>,
}

impl Choice {
    /// Apply what the rules decided.
    pub fn from_decision(d: &Decision, assignee: Option<String>, on: NaiveDate) -> Choice {
        Choice {
            option: d.option,
            frp: d.frp.clone(),
            reasons: d.reasons.clone(),
            manual: false,
            assignee,
            on,
            frp_mpn: None,
        }
    }

    /// An override: `option` whatever the rules say, recorded as manual,
    /// with what the rules said among its reasons. `frp-engaged` takes the
    /// tenant's partner as its FRP.
    pub fn manual(
        ctx: &Ctx,
        cur: &Current,
        p: &Proposal,
        option: AssignOption,
        assignee: Option<String>,
        on: NaiveDate,
    ) -> Choice {
        let mut reasons = vec![format!("manual override by {}", ctx.actor)];
        match &p.decision {
            Ok(d) if d.option == option => reasons.extend(d.reasons.iter().cloned()),
            Ok(d) => reasons.push(format!(
                "the rules say {}: {}",
                d.option,
                d.reasons.join("; ")
            )),
            Err(missing) => reasons.push(format!(
                "the rules decide nothing yet: {}",
                missing.join("; ")
            )),
        }
        let frp = match &p.decision {
            Ok(d) if d.frp.is_some() => d.frp.clone(),
            _ => cur
                .partner()
                .filter(|x| x.is_real())
                .map(|x| x.name.clone()),
        };
        Choice {
            option,
            frp,
            reasons,
            manual: true,
            assignee,
            on,
            frp_mpn: None,
        }
    }
}

/// The assignment as `assign` prints it when it applies one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AssignView {
    pub domain: String,
    pub option: String,
    pub queue: String,
    pub assignee: Option<String>,
    pub on: NaiveDate,
    /// An `--option` override of the rules.
    pub manual: bool,
    pub reasons: Vec<String>,
    /// An `frp-referral`: the MPN ID of the FRP it went to (`null`: not
    /// named yet, it waits in its queue).
    pub frp: Option<String>,
}

impl AssignView {
    pub fn of(domain: &str, a: &StoredAssignment) -> AssignView {
        AssignView {
            domain: domain.to_string(),
            option: a.option.clone(),
            queue: a.queue.clone(),
            assignee: a.assignee.clone(),
            on: a.on,
            manual: a.manual,
            reasons: a.reasons.clone(),
            frp: a.frp_mpn.clone(),
        }
    }
}

/// What [`apply`] did.
#[derive(Debug, Clone)]
pub struct Applied {
    pub view: AssignView,
    /// False when the same option, queue and assignee were in force
    /// already: nothing was written.
    pub recorded: bool,
    /// What was said about task 2453, when it was completed.
    pub task_note: Option<String>,
    /// The history line, when recorded.
    pub what: Option<String>,
}

/// Apply a choice inside the caller's write transaction: the assignment
/// row, its history, task 2453 when the tenant has full DIBS, and the
/// agenda's columns. Refused (nothing written) when its queue cannot be
/// named. The caller commits.
pub fn apply(tx: Db<'_>, ctx: &Ctx, cur: &Current, c: &Choice) -> Result<Applied> {
    let t = &cur.tenant;
    let queue = queue(c.option, t.region, c.frp.as_deref()).map_err(|e| {
        refused(e).with_hint(if c.option == AssignOption::FrpEngaged {
            "name the partner first: `ftc partner set TENANT --name N --mpn ID --deploying W`"
        } else {
            "set the tenant's region first: `ftc tenant set TENANT --region R`"
        })
    })?;
    let in_force = cur.assigned();
    // The same option and queue again; a referral keeps its FRP unless
    // another is named.
    let same_kind = in_force.filter(|a| {
        a.option == c.option.as_str()
            && a.queue == queue
            && (c.frp_mpn.is_none() || c.frp_mpn == a.frp_mpn)
    });
    let frp_mpn = c
        .frp_mpn
        .clone()
        .or_else(|| same_kind.and_then(|a| a.frp_mpn.clone()));
    let assignee = c
        .assignee
        .clone()
        .or_else(|| same_kind.and_then(|a| a.assignee.clone()));
    if let Some(a) = same_kind.filter(|a| a.assignee == assignee) {
        return Ok(Applied {
            view: AssignView::of(&t.domain, a),
            recorded: false,
            task_note: None,
            what: None,
        });
    }
    let row = NewAssignment {
        option: c.option.as_str(),
        queue: &queue,
        assignee: assignee.as_deref(),
        on: c.on,
        manual: c.manual,
        reasons: &c.reasons,
        frp_mpn: frp_mpn.as_deref(),
    };
    let id = insert_assignment(tx, t.id, &row)?;
    let mut what = format!(
        "assigned {} ({queue}){}{} on {}",
        c.option,
        frp_mpn
            .as_deref()
            .map_or(String::new(), |m| format!(", FRP {m}")),
        assignee
            .as_deref()
            .map_or(String::new(), |a| format!(" to {a}")),
        c.on
    );
    if c.manual {
        what.push_str(": manual override");
        if let Some(r) = c.reasons.get(1) {
            what.push_str(&format!(" ({r})"));
        }
    } else {
        what.push_str(&format!(" by the rules: {}", c.reasons.join("; ")));
    }
    if let Some(a) = in_force {
        what.push_str(&format!(" (was {} ({}))", a.option, a.queue));
    }
    let stamp = ctx.stamp();
    record(tx, &stamp, Some(t.id), "assign", &what)?;

    let mut task_note = None;
    let full = list_dibs(tx, t.id)?.iter().any(|d| d.dibs.complete());
    if full {
        let before = get_task(tx, t.id, ENGAGEMENT_TASK)?;
        if before.as_ref().is_none_or(|b| b.status != COMPLETE) {
            set_task(tx, t.id, ENGAGEMENT_TASK, COMPLETE, c.on)?;
            let name = reference::get()
                .tasks
                .iter()
                .find(|x| x.id == ENGAGEMENT_TASK)
                .map_or(String::new(), |x| format!(" {}", x.name));
            let from = before.map_or("Not Started".to_string(), |b| b.status);
            let note = format!(
                "task {ENGAGEMENT_TASK}{name}: {from} -> {COMPLETE} (assigned {} with full DIBS)",
                c.option
            );
            record(tx, &stamp, Some(t.id), "task.set", &note)?;
            task_note = Some(note);
        }
    }
    let after = Current::load(tx, ctx, t.clone())?;
    after.save_agenda_fields(tx)?;
    let stored = StoredAssignment {
        id,
        option: c.option.as_str().to_string(),
        queue,
        assignee,
        on: c.on,
        manual: c.manual,
        reasons: c.reasons.clone(),
        frp_mpn,
    };
    Ok(Applied {
        view: AssignView::of(&t.domain, &stored),
        recorded: true,
        task_note,
        what: Some(what),
    })
}
