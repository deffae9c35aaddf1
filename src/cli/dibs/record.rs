//! `ftc dibs record TENANT --workload W --source S [fields]`: fields given
//! overwrite, fields not given are kept (SPEC 3.4). The tenant's first full
//! DIBS completes the checklist task of its source.

use super::DibsView;
use crate::cli::contact::{find_contact, who};
use crate::cli::Ctx;
use crate::domain::contact::{parse_name, ContactKind, Role};
use crate::domain::dibs::{
    changes, match_reason, task_to_complete, Dibs, DibsError, Intent, Source, Update,
};
use crate::domain::values::{parse_date, parse_email};
use crate::error::{refused, Result};
use crate::reference::{self, workloads};
use crate::render;
use crate::store::dibs::{get_dibs, list_dibs, put_dibs, WorkloadDibs};
use crate::store::history::record;
use crate::store::sql::Db;
use crate::store::tasks::{get_task, set_task};
use crate::store::tenants::resolve_tenant;
use chrono::NaiveDate;
use clap::{ArgGroup, Args};
use std::io::Write;

/// The status the first full DIBS gives its source's task.
const COMPLETE: &str = "Complete";

#[derive(Debug, Args)]
#[command(group(
    ArgGroup::new("fields")
        .args(["go_live", "intent", "reason", "owner", "start"])
        .required(true)
        .multiple(true)
))]
pub struct RecordArgs {
    /// Domain, its first label, or tenant ID
    pub tenant: String,
    /// The workload: slug, display name or alias
    #[arg(long, value_name = "W")]
    pub workload: String,
    /// Who provided it
    #[arg(long, value_enum, ignore_case = true)]
    pub source: Source,
    /// Target go-live date
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub go_live: Option<NaiveDate>,
    /// Whether the customer intends to deploy the workload
    #[arg(long, value_enum, ignore_case = true)]
    pub intent: Option<Intent>,
    /// The business reason: one of the list, in any case (`ftc dibs reasons` lists them)
    #[arg(long, value_name = "R", value_parser = parse_name)]
    pub reason: Option<String>,
    /// The success owner (a person)
    #[arg(long, value_name = "NAME", value_parser = parse_name)]
    pub owner: Option<String>,
    /// Engagement start date: when the customer is ready to start (not after go-live)
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub start: Option<NaiveDate>,
    /// The contact who provided it (not a PDM: PDMs cannot provide DIBS)
    #[arg(long, value_parser = parse_email, value_name = "EMAIL")]
    pub contact: Option<String>,
}

/// Turn a domain refusal into an `error:` with a `hint:`.
fn refusal(e: DibsError) -> anyhow::Error {
    let hint = match &e {
        DibsError::UnknownReason { closest, .. } => format!(
            "closest: {}; `ftc dibs reasons` lists them all",
            closest.join(", ")
        ),
        DibsError::StartAfterGoLive { .. } => {
            "give a --start on or before the go-live date, or a later --go-live".to_string()
        }
    };
    refused(e.to_string()).with_hint(hint).into()
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: RecordArgs) -> Result<()> {
    let workload = workloads::resolve(&a.workload).map_err(|e| {
        refused(e).with_hint(
            "name the workload by slug, display name or alias (exchange, SharePoint Online, spo)",
        )
    })?;
    let reason = a
        .reason
        .as_deref()
        .map(|r| match_reason(r, &reference::get().business_reasons))
        .transpose()
        .map_err(refusal)?;
    let update = Update {
        source: a.source,
        go_live: a.go_live,
        intent: a.intent,
        reason,
        owner: a.owner.clone(),
        start: a.start,
    };

    let mut store = ctx.open_store()?;
    let tx = store.write()?;
    let t = resolve_tenant(&tx, &a.tenant)?;
    let (row, messages) = record_in(
        ctx,
        tx.db(),
        &t,
        &workload.slug,
        update,
        a.contact.as_deref(),
    )?;
    if messages.changed {
        tx.commit()?;
    } else {
        drop(tx);
    }
    for m in messages.lines {
        ctx.say(&m);
    }
    render::one(out, ctx.style, &DibsView::of(&row))
}

/// What `record_in` did, to tell the person.
pub struct Recorded {
    /// Whether anything was written.
    pub changed: bool,
    /// Messages for stderr.
    pub lines: Vec<String>,
}

/// Record one workload's DIBS inside the caller's transaction (shared by
/// `dibs record` and `engage`): checks, merge, history, and the first full
/// DIBS's task. Returns the resulting record.
pub fn record_in(
    ctx: &Ctx,
    tx: Db<'_>,
    t: &crate::store::tenants::Tenant,
    workload: &str,
    update: Update,
    contact_email_given: Option<&str>,
) -> Result<(WorkloadDibs, Recorded)> {
    let mut lines = Vec::new();
    // Said once the record is accepted, not before a refusal.
    let mut kind_note = None;
    let contact = match contact_email_given {
        Some(email) => {
            let c = find_contact(tx, t, email)?;
            if c.role == Some(Role::Pdm) {
                return Err(refused(format!(
                    "{} is a PDM: PDMs cannot provide DIBS",
                    who(&c)
                ))
                .with_hint("name the account manager, the partner or the customer who gave it, or leave out --contact")
                .into());
            }
            let expected = match update.source {
                Source::AccountTeam => ContactKind::Microsoft,
                Source::Partner => ContactKind::Partner,
                Source::Customer => ContactKind::Customer,
            };
            if c.kind != expected {
                kind_note = Some(format!(
                    "note: {} is a {} contact; the DIBS is recorded as from the {}",
                    who(&c),
                    c.kind,
                    update.source.words()
                ));
            }
            Some(c)
        }
        None => None,
    };

    let stored = get_dibs(tx, t.id, workload)?;
    let full_before = list_dibs(tx, t.id)?.iter().any(|d| d.dibs.complete());
    let after = Dibs::apply(stored.as_ref().map(|s| &s.dibs), &update).map_err(refusal)?;
    let contact_email = contact
        .as_ref()
        .map(|c| c.email.clone())
        .or_else(|| stored.as_ref().and_then(|s| s.contact_email.clone()));
    if let Some(s) = stored
        .as_ref()
        .filter(|s| s.dibs == after && s.contact_email == contact_email)
    {
        lines.push(format!(
            "{}: {workload} DIBS unchanged; nothing recorded",
            t.domain
        ));
        return Ok((
            s.clone(),
            Recorded {
                changed: false,
                lines,
            },
        ));
    }

    let row = WorkloadDibs {
        workload: workload.to_string(),
        dibs: after,
        contact_email,
        updated_on: ctx.today,
    };
    put_dibs(tx, t.id, &row)?;
    let stamp = ctx.stamp();
    let mut what = format!(
        "{} DIBS from the {}{}: {}",
        workload,
        row.dibs.source.words(),
        contact
            .as_ref()
            .map_or(String::new(), |c| format!(" ({})", c.email)),
        {
            let c = changes(stored.as_ref().map(|s| &s.dibs), &row.dibs);
            if c.is_empty() {
                "the same values".to_string()
            } else {
                c.join(", ")
            }
        }
    );
    if row.dibs.complete() {
        what.push_str("; full DIBS");
    }
    record(tx, &stamp, Some(t.id), "dibs.record", &what)?;
    let mut task_note = None;
    if let Some(id) = task_to_complete(full_before, &row.dibs) {
        let before = get_task(tx, t.id, id)?;
        if before.as_ref().is_none_or(|b| b.status != COMPLETE) {
            set_task(tx, t.id, id, COMPLETE, ctx.today)?;
            let name = reference::get()
                .tasks
                .iter()
                .find(|x| x.id == id)
                .map_or(String::new(), |x| format!(" {}", x.name));
            let from = before.map_or("Not Started".to_string(), |b| b.status);
            let note =
                format!("task {id}{name}: {from} -> {COMPLETE} (the tenant's first full DIBS)");
            record(tx, &stamp, Some(t.id), "task.set", &note)?;
            task_note = Some(note);
        }
    }
    if let Some(n) = kind_note {
        lines.push(n);
    }
    lines.push(format!("{}: {what}", t.domain));
    if let Some(n) = task_note {
        lines.push(format!("{}: {n}", t.domain));
    }
    Ok((
        row,
        Recorded {
            changed: true,
            lines,
        },
    ))
}
