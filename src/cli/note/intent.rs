//! `ftc note intent`: a service intent note for one workload, checked by
//! rule 4.5 before it is saved; a poor one is refused unless `--force`.

use super::{text, workload};
use crate::cli::cadence::Current;
use crate::cli::Ctx;
use crate::domain::lint::{check, OtherNote, Verdict, Warning};
use crate::domain::tenant::Stage;
use crate::error::{invalid, refused, Result};
use crate::render::{self, Format};
use crate::store::history::record;
use crate::store::notes::{insert_note, latest_intents, NewNote};
use crate::store::tenants::resolve_tenant;
use clap::Args;
use serde::Serialize;
use std::io::Write;

#[derive(Debug, Args)]
pub struct IntentArgs {
    /// Domain, its first label, or tenant ID
    pub tenant: String,
    /// The workload, by slug, display name or alias
    #[arg(long, value_name = "W")]
    pub workload: String,
    /// The note: the customer's intent for the workload (or its lack), and why
    #[arg(long)]
    pub text: String,
    /// Save a note the check finds poor
    #[arg(long)]
    pub force: bool,
}

/// What `note intent` prints: the saved note's id (`null` when refused),
/// the verdict and the warning codes.
#[derive(Debug, Serialize)]
pub struct IntentView {
    pub id: Option<i64>,
    pub verdict: Verdict,
    pub warnings: Vec<Warning>,
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: IntentArgs) -> Result<()> {
    let Some(body) = text(Some(&a.text)) else {
        return Err(invalid("--text: empty").into());
    };
    let w = workload(&a.workload)?;

    let mut store = ctx.open_store()?;
    let tx = store.write()?;
    let t = resolve_tenant(&tx, &a.tenant)?;
    let latest = latest_intents(&tx, t.id)?;
    let others: Vec<OtherNote> = latest
        .iter()
        .filter(|(slug, _)| *slug != w.slug)
        .map(|(slug, text)| OtherNote {
            workload: slug,
            text,
        })
        .collect();
    let unresponsive = Current::load(tx.db(), ctx, t.clone())?.stage() == Stage::Unresponsive;
    let c = check(&body, &others, unresponsive);
    for f in &c.findings {
        ctx.say(&format!("warning: {}: {}", f.warning, f.message));
    }
    let codes = c.warnings();
    if c.verdict == Verdict::Poor && !a.force {
        drop(tx);
        if ctx.style.format != Format::Table {
            // Scripts get the codes on stdout too, as for a refused import.
            render::one(
                out,
                ctx.style,
                &IntentView {
                    id: None,
                    verdict: c.verdict,
                    warnings: codes,
                },
            )?;
        }
        return Err(refused(format!(
            "the service intent note for {} is poor: not saved",
            w.slug
        ))
        .with_hint(
            "say in a sentence or two what the customer intends for the workload (or what \
             blocks them) and why, without the engagement's logistics; `--force` saves it anyway",
        )
        .into());
    }
    let code_strs: Vec<&str> = codes.iter().map(|c| c.as_str()).collect();
    let stamp = ctx.stamp();
    let id = insert_note(
        &tx,
        &NewNote {
            tenant_id: t.id,
            kind: "intent",
            text: &body,
            author: &ctx.actor,
            created_on: ctx.today,
            created_at: &stamp.at,
            workload: Some(&w.slug),
            verdict: Some(c.verdict.as_str()),
            warnings: Some(&code_strs),
            ..Default::default()
        },
    )?;
    let forced = c.verdict == Verdict::Poor;
    record(
        &tx,
        &stamp,
        Some(t.id),
        "note.intent",
        &format!(
            "service intent note for {} ({}{}){}: {body}",
            w.slug,
            c.verdict,
            if code_strs.is_empty() {
                String::new()
            } else {
                format!(": {}", code_strs.join(", "))
            },
            if forced { ", saved with --force" } else { "" }
        ),
    )?;
    tx.commit()?;
    ctx.say(&format!(
        "{}: service intent note for {} saved: {}{}",
        t.domain,
        w.slug,
        c.verdict,
        if forced { " (forced)" } else { "" }
    ));
    render::one(
        out,
        ctx.style,
        &IntentView {
            id: Some(id),
            verdict: c.verdict,
            warnings: codes,
        },
    )
}
