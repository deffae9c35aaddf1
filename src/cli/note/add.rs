//! `ftc note add`: a status note (scope, risks, next action, its date and
//! owner), of kind engagement, enterprise (winner tenant only), technical,
//! environment or migration.

use super::{text, NoteView, StatusKind};
use crate::cli::Ctx;
use crate::domain::values::parse_date;
use crate::error::{invalid, refused, Result};
use crate::render;
use crate::store::history::record;
use crate::store::notes::{get_note, insert_note, NewNote};
use crate::store::tenants::{resolve_tenant, tenants_of_customer};
use chrono::NaiveDate;
use clap::Args;
use std::io::Write;

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Domain, its first label, or tenant ID
    pub tenant: String,
    /// The note
    #[arg(long)]
    pub text: String,
    /// What kind of note (enterprise: only on the customer's winner tenant)
    #[arg(long, value_enum, default_value = "engagement")]
    pub kind: StatusKind,
    /// The onboarding scope
    #[arg(long, value_name = "TEXT")]
    pub scope: Option<String>,
    /// The risks
    #[arg(long, value_name = "TEXT")]
    pub risks: Option<String>,
    /// What is to be done next (replaces the tenant's earlier next action)
    #[arg(long, value_name = "TEXT")]
    pub next_action: Option<String>,
    /// When the next action is due: it shows on the agenda from then (needs --next-action)
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub next_date: Option<NaiveDate>,
    /// Who does the next action (needs --next-action)
    #[arg(long, value_name = "NAME")]
    pub next_owner: Option<String>,
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: AddArgs) -> Result<()> {
    let Some(body) = text(Some(&a.text)) else {
        return Err(invalid("--text: empty").into());
    };
    let scope = text(a.scope.as_deref());
    let risks = text(a.risks.as_deref());
    let next_action = text(a.next_action.as_deref());
    let next_owner = text(a.next_owner.as_deref());
    if next_action.is_none() {
        let orphan = [
            ("--next-date", a.next_date.is_some()),
            ("--next-owner", next_owner.is_some()),
        ];
        if let Some((flag, _)) = orphan.iter().find(|(_, given)| *given) {
            return Err(invalid(format!("{flag} needs --next-action"))
                .with_hint("say what is to be done with --next-action TEXT")
                .into());
        }
    }

    let mut store = ctx.open_store()?;
    let tx = store.write()?;
    let t = resolve_tenant(&tx, &a.tenant)?;
    if a.kind == StatusKind::Enterprise && !t.winner {
        let winner = tenants_of_customer(&tx, t.customer_id)?
            .into_iter()
            .find(|x| x.winner);
        let hint = match winner {
            Some(w) => format!(
                "{} is the winner tenant of {}: add it there",
                w.domain, t.customer
            ),
            None => format!(
                "{} has no winner tenant; `ftc tenant set {} --winner` makes this one it",
                t.customer, t.domain
            ),
        };
        return Err(refused(format!(
            "{} is not the winner tenant of {}: enterprise notes go on the winner tenant",
            t.domain, t.customer
        ))
        .with_hint(hint)
        .into());
    }
    let stamp = ctx.stamp();
    let id = insert_note(
        &tx,
        &NewNote {
            tenant_id: t.id,
            kind: a.kind.as_str(),
            text: &body,
            author: &ctx.actor,
            created_on: ctx.today,
            created_at: &stamp.at,
            scope: scope.as_deref(),
            risks: risks.as_deref(),
            next_action: next_action.as_deref(),
            next_date: a.next_date,
            next_owner: next_owner.as_deref(),
            ..Default::default()
        },
    )?;
    let mut what = format!("{} note: {body}", a.kind.as_str());
    if let Some(s) = &scope {
        what.push_str(&format!("; scope: {s}"));
    }
    if let Some(r) = &risks {
        what.push_str(&format!("; risks: {r}"));
    }
    if let Some(n) = &next_action {
        what.push_str(&format!("; next action: {n}"));
        if let Some(o) = &next_owner {
            what.push_str(&format!(" ({o})"));
        }
        if let Some(d) = a.next_date {
            what.push_str(&format!(" on {d}"));
        }
    }
    record(&tx, &stamp, Some(t.id), "note.add", &what)?;
    let note = get_note(&tx, id)?.ok_or_else(|| anyhow::anyhow!("note vanished after insert"))?;
    tx.commit()?;
    ctx.say(&format!(
        "{}: {} note added{}",
        t.domain,
        a.kind.as_str(),
        match a.next_date {
            Some(d) if d < ctx.today =>
                format!("; its next action was due {d}: overdue on the agenda"),
            Some(d) => format!("; its next action is on the agenda from {d}"),
            None => String::new(),
        }
    ));
    render::one(out, ctx.style, &NoteView::of(&note))
}
