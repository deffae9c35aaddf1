//! `ftc engage [TENANT]`: the guided walk through the cadence. It asks one
//! question at a time and records the answers through the same functions as
//! `cadence send` and `cadence reply`, all in one transaction at the end, so
//! that Ctrl-C (exit 130) leaves nothing half-written.

use super::agenda::{collect, AgendaArgs};
use super::assign::decide::{apply, propose, Choice};
use super::cadence::{record_reply, record_send, Current, NextStepView};
use super::Ctx;
use crate::domain::cadence::Party;
use crate::domain::contact::{ContactKind, Role};
use crate::domain::dibs::{Dibs, Intent, Source, Update};
use crate::domain::tenant::Stage;
use crate::domain::values::parse_date;
use crate::error::{cancelled, invalid, Result};
use crate::store::sql::Db;
use crate::store::tenants::resolve_tenant;
use chrono::NaiveDate;
use clap::Args;
use dialoguer::{theme::ColorfulTheme, theme::SimpleTheme, theme::Theme, Confirm, Input, Select};
use std::io::{IsTerminal, Write};

#[derive(Debug, Args)]
pub struct EngageArgs {
    /// Domain, its first label, or tenant ID [default: each tenant on today's agenda]
    pub tenant: Option<String>,
    /// Without TENANT: only this FM's agenda
    #[arg(long, value_name = "NAME")]
    pub fm: Option<String>,
}

/// What the person answered for one tenant.
struct Answers {
    send: Option<(Party, bool)>,
    reply: Option<(Party, bool)>,
    /// The contact who answered (marked IS ENGAGED).
    contact: Option<String>,
    /// DIBS given with a reply: (workload slug, the fields).
    dibs: Vec<(String, Update)>,
    /// Whether the customer wants FTC help, asked after its reply.
    wants_ftc: Option<bool>,
    /// After a partner's reply: the workloads it deploys (none: `partner none`).
    deploying: Option<Vec<String>>,
}

pub fn run(ctx: &Ctx, _out: &mut dyn Write, a: EngageArgs) -> Result<()> {
    if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        return Err(invalid("`ftc engage` asks questions and needs a terminal")
            .with_hint("in scripts use `ftc cadence show`, `ftc cadence send TENANT --party P` and `ftc cadence reply TENANT --party P`")
            .into());
    }
    // Ctrl-C: put the cursor back and exit 130; an open transaction rolls back.
    let _ = ctrlc::set_handler(|| {
        let _ = console::Term::stderr().show_cursor();
        eprintln!("\ncancelled: nothing was recorded for this tenant");
        std::process::exit(130);
    });
    let color = std::env::var_os("NO_COLOR").is_none();
    let colorful = ColorfulTheme::default();
    let theme: &dyn Theme = if color { &colorful } else { &SimpleTheme };

    let tenants: Vec<String> = match &a.tenant {
        Some(t) => vec![t.clone()],
        None => {
            let args = AgendaArgs {
                fm: a.fm.clone(),
                region: None,
                days: 0,
            };
            let mut seen = Vec::new();
            for item in collect(ctx, &args)?
                .into_iter()
                .filter(|i| i.kind == "contact" || i.kind == "assign")
            {
                if !seen.contains(&item.domain) {
                    seen.push(item.domain);
                }
            }
            if seen.is_empty() {
                eprintln!("Nothing is due today. `ftc agenda --days 7` shows what comes next.");
                return Ok(());
            }
            eprintln!(
                "{} tenant{} on today's agenda.",
                seen.len(),
                if seen.len() == 1 { "" } else { "s" }
            );
            seen
        }
    };
    for (i, reference) in tenants.iter().enumerate() {
        if i > 0 && !ask_confirm(theme, &format!("Go on to {reference}?"), true)? {
            break;
        }
        walk(ctx, theme, reference)?;
    }
    Ok(())
}

fn walk(ctx: &Ctx, theme: &dyn Theme, reference: &str) -> Result<()> {
    let store = ctx.open_store()?;
    let t = resolve_tenant(store.db(), reference)?;
    let cur = Current::load(store.db(), ctx, t)?;
    drop(store);
    summary(&cur);

    let mut answers = Answers {
        send: None,
        reply: None,
        contact: None,
        dibs: Vec::new(),
        wants_ftc: None,
        deploying: None,
    };
    // An ineligible or skipped tenant is not walked: there is nothing to do.
    if matches!(cur.stage(), Stage::Ineligible | Stage::Skip) {
        eprintln!(
            "{} is {}: {}",
            cur.tenant.domain,
            cur.stage(),
            NextStepView::of(&cur.standing, cur.tenant.region).line()
        );
        return Ok(());
    }
    match cur.standing.contact().cloned() {
        Some(c) => {
            let step = c.step;
            eprintln!(
                "Next: {} (the {}, attempt {}), due {}",
                step.template,
                step.party.words(),
                step.attempt,
                step.due_on
            );
            eprintln!(
                "  to: {}",
                if c.to.is_empty() {
                    "(nobody on file: add one with `ftc contact add`)".into()
                } else {
                    c.to.join(", ")
                }
            );
            if !c.cc.is_empty() {
                eprintln!("  cc: {}", c.cc.join(", "));
            }
            if !c.to.is_empty()
                && ask_confirm(
                    theme,
                    &format!("Write the {} as an e-mail draft?", step.template),
                    true,
                )?
            {
                // The draft is a help: when it cannot be written (a bad
                // template of the user's), the walk goes on.
                match write_draft(ctx, &cur) {
                    Ok(path) => eprintln!(
                        "  draft: {} (open it in your mail program, check, send)",
                        path.display()
                    ),
                    Err(e) => eprintln!("  no draft: {e:#}"),
                }
            }
            let early = step.due_on > ctx.today;
            let question = if early {
                format!(
                    "It is not due until {}. Record the {} as sent today anyway?",
                    step.due_on, step.template
                )
            } else {
                format!("Did you send the {} today?", step.template)
            };
            if ask_confirm(theme, &question, !early)? {
                answers.send = Some((step.party, early));
            }
        }
        None => eprintln!(
            "Next: {}",
            NextStepView::of(&cur.standing, cur.tenant.region).line()
        ),
    }

    // Who may answer: every party contacted (or about to be) that has not.
    // The customer may write first, whatever was sent.
    let mut parties: Vec<Party> = Party::ORDER
        .into_iter()
        .filter(|p| {
            cur.cadence().sent_to(*p) > 0
                || answers.send.is_some_and(|(q, _)| q == *p)
                || *p == Party::Customer
        })
        .filter(|p| !cur.cadence().answered(*p))
        .filter(|p| *p != Party::Partner || cur.real_partner())
        .collect();
    parties.dedup();
    if !parties.is_empty() {
        let mut labels = vec!["No answer yet".to_string()];
        let mut choices: Vec<Option<(Party, bool)>> = vec![None];
        for p in &parties {
            labels.push(format!("The {} replied", p.words()));
            choices.push(Some((*p, false)));
            labels.push(format!("The {} declined to engage", p.words()));
            choices.push(Some((*p, true)));
        }
        let pick = Select::with_theme(theme)
            .with_prompt("Has anyone answered?")
            .items(&labels)
            .default(0)
            .interact_on(&console::Term::stderr())
            .map_err(prompt_error)?;
        answers.reply = choices[pick];
    }
    if let Some((party, _)) = answers.reply {
        answers.contact = ask_contact(theme, &cur, party)?;
    }
    if let Some((party, false)) = answers.reply {
        let from_pdm = party == Party::AccountTeam
            && match &answers.contact {
                Some(email) => cur
                    .contacts()
                    .iter()
                    .any(|c| c.email == *email && c.role == Some(Role::Pdm)),
                None => {
                    let mut ms = cur
                        .contacts()
                        .iter()
                        .filter(|c| c.kind == ContactKind::Microsoft)
                        .peekable();
                    ms.peek().is_some() && ms.all(|c| c.role == Some(Role::Pdm))
                }
            };
        if from_pdm {
            eprintln!("A PDM answered: PDMs cannot provide DIBS.");
        } else {
            answers.dibs = ask_dibs(theme, &cur, party)?;
        }
        if party == Party::Partner {
            answers.deploying = Some(ask_deploying(theme)?);
        }
        if party == Party::Customer && cur.tenant.wants_ftc.is_none() {
            answers.wants_ftc = Some(ask_confirm(
                theme,
                "Does the customer want FastTrack (FTC) help?",
                true,
            )?);
        }
    }

    // A customer that answered earlier but gave no full DIBS: ask for them.
    if answers.reply.is_none() && cur.stage() == Stage::Responded && !cur.full_dibs() {
        answers.dibs = ask_dibs(theme, &cur, Party::Customer)?;
    }

    // What the rules would decide once the answers are in: computed on the
    // answers written in a transaction that is then rolled back, so that
    // nothing is written until the last question is answered.
    let rehearse = |answers: &Answers| -> Result<_> {
        let mut store = ctx.open_store()?;
        let tx = store.write()?;
        let (after, _) = write_answers(ctx, tx.db(), &cur, answers)?;
        let p = propose(&after);
        let in_force = after.assigned().map(|a| a.option.clone());
        let awaits_wants = after.standing.awaits_wants;
        drop(tx); // rolled back
        Ok((p, in_force, awaits_wants))
    };
    let (mut proposal, mut in_force, awaits_wants) = rehearse(&answers)?;
    // The proposal waits for "does the customer want FTC help" alone (an
    // engaged partner or full DIBS): ask it, "not known yet" allowed.
    if awaits_wants && answers.wants_ftc.is_none() {
        answers.wants_ftc = ask_wants(theme)?;
        if answers.wants_ftc.is_some() {
            (proposal, in_force, _) = rehearse(&answers)?;
        }
    }
    let mut apply_it = None;
    match &proposal.decision {
        Ok(d) if in_force.as_deref() == Some(d.option.as_str()) => {
            eprintln!("Assignment: {} is applied already.", d.option);
        }
        Ok(d) => match proposal.queue(cur.tenant.region) {
            Some(Ok(queue)) => {
                eprintln!("The rules propose {} (queue {}):", d.option, queue);
                for r in &d.reasons {
                    eprintln!("  - {r}");
                }
                if ask_confirm(theme, &format!("Apply {} now?", d.option), true)? {
                    apply_it = Some(Choice::from_decision(d, None, ctx.today));
                }
            }
            Some(Err(why)) => {
                eprintln!(
                    "The rules propose {}, but its queue cannot be named: {why}",
                    d.option
                );
            }
            None => {}
        },
        Err(missing) => {
            eprintln!("No assignment option applies yet:");
            for m in missing {
                eprintln!("  - {m}");
            }
        }
    }
    if answers.send.is_none()
        && answers.reply.is_none()
        && answers.dibs.is_empty()
        && answers.wants_ftc.is_none()
        && answers.deploying.is_none()
        && apply_it.is_none()
    {
        eprintln!("Nothing recorded for {}.", cur.tenant.domain);
        return next_line(ctx, &cur);
    }
    // Everything lands at once, through the flag commands' code.
    let mut store = ctx.open_store()?;
    let tx = store.write()?;
    let (after, said) = write_answers(ctx, tx.db(), &cur, &answers)?;
    let applied = match &apply_it {
        Some(choice) => Some(apply(tx.db(), ctx, &after, choice)?),
        None => None,
    };
    let after = reload(tx.db(), ctx, &cur)?;
    after.save_agenda_fields(tx.db())?;
    tx.commit()?;
    for line in said {
        eprintln!("{line}");
    }
    if let Some(a) = applied {
        eprintln!("Assigned {} ({}).", a.view.option, a.view.queue);
    }
    eprintln!("Recorded for {}.", after.tenant.domain);
    next_line(ctx, &after)
}

/// Write the answers (send, reply, DIBS) through the flag commands' code;
/// returns the tenant's cadence after them and the messages to show.
fn write_answers(
    ctx: &Ctx,
    tx: Db<'_>,
    cur: &Current,
    answers: &Answers,
) -> Result<(Current, Vec<String>)> {
    if let Some((party, force)) = answers.send {
        let fresh = reload(tx, ctx, cur)?;
        record_send(ctx, tx, &fresh, party, ctx.today, None, force)?;
    }
    if let Some((party, declined)) = answers.reply {
        let now = reload(tx, ctx, cur)?;
        record_reply(
            ctx,
            tx,
            &now,
            party,
            ctx.today,
            answers.contact.as_deref(),
            declined,
        )?;
    }
    let mut said = Vec::new();
    if let Some(deploying) = &answers.deploying {
        let now = reload(tx, ctx, cur)?;
        let stamp = ctx.stamp();
        let partner = now
            .partner()
            .filter(|p| p.is_real())
            .cloned()
            .or_else(|| now.stored.partners.iter().find(|p| p.is_real()).cloned());
        match partner {
            Some(mut p) if !deploying.is_empty() => {
                for w in deploying {
                    if !p.deploying.contains(w) {
                        p.deploying.push(w.clone());
                    }
                }
                crate::store::partners::put_partner(tx, cur.tenant.id, &p)?;
                let what = format!("partner {}", crate::cli::partner::describe(&p));
                crate::store::history::record(
                    tx,
                    &stamp,
                    Some(cur.tenant.id),
                    "partner.set",
                    &what,
                )?;
                said.push(format!("{}: {what}", cur.tenant.domain));
            }
            _ => {
                let what = crate::cli::partner::none::record_no_partner(
                    ctx,
                    tx,
                    cur.tenant.id,
                    Some("the partner deploys nothing"),
                )?;
                said.push(format!("{}: {what}", cur.tenant.domain));
            }
        }
    }
    if let Some(w) = answers.wants_ftc {
        let mut t = crate::store::tenants::get_tenant(tx, cur.tenant.id)?
            .ok_or_else(|| anyhow::anyhow!("tenant vanished"))?;
        t.wants_ftc = Some(w);
        crate::store::tenants::update_tenant(tx, &t)?;
        let what = format!("wants FTC help: {}", if w { "yes" } else { "no" });
        crate::store::history::record(tx, &ctx.stamp(), Some(t.id), "tenant.set", &what)?;
        said.push(format!("{}: {what}", t.domain));
    }
    for (workload, update) in &answers.dibs {
        let (_, done) = crate::cli::dibs::record::record_in(
            ctx,
            tx,
            &cur.tenant,
            workload,
            update.clone(),
            None,
        )?;
        said.extend(done.lines);
    }
    Ok((reload(tx, ctx, cur)?, said))
}

/// DIBS from the party that replied, one workload at a time. Every field
/// may be skipped; a workload with no field given is not recorded.
fn ask_dibs(theme: &dyn Theme, cur: &Current, party: Party) -> Result<Vec<(String, Update)>> {
    let source = match party {
        Party::AccountTeam => Source::AccountTeam,
        Party::Partner => Source::Partner,
        Party::Customer => Source::Customer,
    };
    let mut out = Vec::new();
    if !ask_confirm(
        theme,
        &format!("Did the {} give DIBS for a workload?", party.words()),
        true,
    )? {
        return Ok(out);
    }
    let term = console::Term::stderr();
    let workloads = crate::reference::workloads::all();
    let reasons = &crate::reference::get().business_reasons;
    loop {
        let names: Vec<String> = workloads
            .iter()
            .map(|w| format!("{} ({})", w.name, w.slug))
            .collect();
        let w = Select::with_theme(theme)
            .with_prompt("Which workload?")
            .items(&names)
            .default(0)
            .interact_on(&term)
            .map_err(prompt_error)?;
        let date = |prompt: &str| -> Result<Option<NaiveDate>> {
            let text: String = Input::with_theme(theme)
                .with_prompt(prompt)
                .allow_empty(true)
                .validate_with(|s: &String| -> std::result::Result<(), String> {
                    if s.trim().is_empty() {
                        Ok(())
                    } else {
                        parse_date(s).map(|_| ())
                    }
                })
                .interact_text_on(&term)
                .map_err(prompt_error)?;
            Ok(if text.trim().is_empty() {
                None
            } else {
                parse_date(&text).ok()
            })
        };
        let mut go_live = date("Target go-live date (YYYY-MM-DD, empty to skip)")?;
        let intents = ["skip", "yes", "no", "undecided"];
        let i = Select::with_theme(theme)
            .with_prompt("Intent to deploy?")
            .items(intents)
            .default(1)
            .interact_on(&term)
            .map_err(prompt_error)?;
        let intent = [
            None,
            Some(Intent::Yes),
            Some(Intent::No),
            Some(Intent::Undecided),
        ][i];
        let mut reason_items = vec!["skip".to_string()];
        reason_items.extend(reasons.iter().cloned());
        let r = Select::with_theme(theme)
            .with_prompt("Business reason?")
            .items(&reason_items)
            .default(0)
            .interact_on(&term)
            .map_err(prompt_error)?;
        let reason = (r > 0).then(|| reasons[r - 1].clone());
        let owner: String = Input::with_theme(theme)
            .with_prompt("Success owner (a person, empty to skip)")
            .allow_empty(true)
            .interact_text_on(&term)
            .map_err(prompt_error)?;
        let owner = Some(owner.trim().to_string()).filter(|o| !o.is_empty());
        let mut start = date("Engagement start date (YYYY-MM-DD, empty to skip)")?;
        // What `dibs record` would refuse is asked again here, keeping the
        // other answers: the start may not be after the go-live date.
        let stored = cur
            .stored
            .dibs
            .iter()
            .find(|d| d.workload == workloads[w].slug)
            .map(|d| &d.dibs);
        loop {
            let u = Update {
                source,
                go_live,
                intent,
                reason: reason.clone(),
                owner: owner.clone(),
                start,
            };
            match Dibs::apply(stored, &u) {
                Ok(_) => break,
                Err(e) => {
                    eprintln!("  {e}: give the dates again");
                    go_live = date("Target go-live date (YYYY-MM-DD, empty to skip)")?;
                    start = date("Engagement start date (YYYY-MM-DD, empty to skip)")?;
                }
            }
        }
        if go_live.is_some()
            || intent.is_some()
            || reason.is_some()
            || owner.is_some()
            || start.is_some()
        {
            out.push((
                workloads[w].slug.clone(),
                Update {
                    source,
                    go_live,
                    intent,
                    reason,
                    owner,
                    start,
                },
            ));
        }
        if !ask_confirm(theme, "DIBS for another workload?", false)? {
            return Ok(out);
        }
    }
}

fn summary(cur: &Current) {
    let t = &cur.tenant;
    eprintln!();
    eprintln!(
        "{} - {} ({} seats, {}, FM {})",
        t.domain,
        t.customer,
        t.seats.map_or("unknown".into(), |s| s.to_string()),
        t.region.map_or("no region", |r| r.as_str()),
        t.fm.as_deref().unwrap_or("none")
    );
    eprintln!("Stage: {}", cur.stage());
    for a in &cur.cadence().attempts {
        eprintln!(
            "  {} attempt {} by {} on {}, window closes {}{}",
            a.party.words(),
            a.attempt,
            a.via.as_str(),
            a.sent_on,
            a.due_on,
            match (a.replied_on, a.declined) {
                (Some(d), true) => format!(", declined {d}"),
                (Some(d), false) => format!(", replied {d}"),
                (None, _) => String::new(),
            }
        );
    }
    for w in &cur.standing.warnings {
        eprintln!("  warning: {w}");
    }
}

fn next_line(ctx: &Ctx, cur: &Current) -> Result<()> {
    let view = NextStepView::of(&cur.standing, cur.tenant.region);
    let overdue = view.due_on.is_some_and(|d| d < ctx.today);
    eprintln!(
        "Next: {}{}",
        view.line(),
        if overdue { " - overdue" } else { "" }
    );
    Ok(())
}

/// After a partner's reply: which workloads it deploys for the customer
/// (none: it is recorded as `partner none`).
fn ask_deploying(theme: &dyn Theme) -> Result<Vec<String>> {
    if !ask_confirm(
        theme,
        "Does the partner deploy a workload for the customer?",
        true,
    )? {
        return Ok(Vec::new());
    }
    let workloads = crate::reference::workloads::all();
    let names: Vec<String> = workloads
        .iter()
        .map(|w| format!("{} ({})", w.name, w.slug))
        .collect();
    let picked = dialoguer::MultiSelect::with_theme(theme)
        .with_prompt("Which workloads? (space to pick, enter to confirm)")
        .items(&names)
        .interact_on(&console::Term::stderr())
        .map_err(prompt_error)?;
    if picked.is_empty() {
        eprintln!("  no workload picked: the partner is recorded as deploying nothing");
    }
    Ok(picked
        .into_iter()
        .map(|i| workloads[i].slug.clone())
        .collect())
}

/// Which contact of the party answered (marked IS ENGAGED), when it has any.
fn ask_contact(theme: &dyn Theme, cur: &Current, party: Party) -> Result<Option<String>> {
    let kind = match party {
        Party::AccountTeam => ContactKind::Microsoft,
        Party::Partner => ContactKind::Partner,
        Party::Customer => ContactKind::Customer,
    };
    let people: Vec<&crate::store::contacts::Contact> =
        cur.contacts().iter().filter(|c| c.kind == kind).collect();
    if people.is_empty() {
        return Ok(None);
    }
    let mut labels = vec!["Not one on file".to_string()];
    labels.extend(people.iter().map(|c| {
        format!(
            "{} <{}>{}",
            c.name,
            c.email,
            c.role.map_or(String::new(), |r| format!(" ({r})"))
        )
    }));
    let pick = Select::with_theme(theme)
        .with_prompt("Who answered?")
        .items(&labels)
        .default(1)
        .interact_on(&console::Term::stderr())
        .map_err(prompt_error)?;
    Ok((pick > 0).then(|| people[pick - 1].email.clone()))
}

/// Write the next step's draft into `drafts/` beside the database file, or
/// beside the config on a team server (made private to the user); a draft
/// already there is kept, the new one numbered.
fn write_draft(ctx: &Ctx, cur: &Current) -> Result<std::path::PathBuf> {
    use super::cadence::draft::{write_file, Draft};
    let draft = Draft::of(ctx, cur, None)?;
    if let Some(n) = &draft.note {
        eprintln!("  note: {n}");
    }
    let eml = draft.eml(ctx.today)?;
    // Beside the database file; on a team server, whose database is not
    // a file here, beside the config (where the user's templates are).
    let beside = if ctx.server.is_some() {
        &ctx.config_path
    } else {
        &ctx.db_path
    };
    let dir = beside
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."))
        .join("drafts");
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(&dir)
        .map_err(|e| invalid(format!("cannot create {}: {e}", dir.display())))?;
    let name = draft.file_name(&cur.tenant.domain);
    let stem = name.trim_end_matches(".eml");
    let mut path = dir.join(&name);
    let mut n = 1;
    while path.exists() {
        n += 1;
        path = dir.join(format!("{stem}-{n}.eml"));
    }
    write_file(&path, &eml, false)?;
    Ok(path)
}

/// Whether the customer wants FTC help, when the proposal rests on it:
/// `None` when the FM does not know yet.
fn ask_wants(theme: &dyn Theme) -> Result<Option<bool>> {
    let items = ["yes", "no", "not known yet"];
    let i = Select::with_theme(theme)
        .with_prompt("The proposal rests on it: does the customer want FastTrack (FTC) help?")
        .items(items)
        .default(2)
        .interact_on(&console::Term::stderr())
        .map_err(prompt_error)?;
    Ok([Some(true), Some(false), None][i])
}

fn ask_confirm(theme: &dyn Theme, prompt: &str, default: bool) -> Result<bool> {
    Confirm::with_theme(theme)
        .with_prompt(prompt)
        .default(default)
        .interact_on(&console::Term::stderr())
        .map_err(prompt_error)
}

fn prompt_error(e: dialoguer::Error) -> anyhow::Error {
    match e {
        dialoguer::Error::IO(io) if io.kind() == std::io::ErrorKind::Interrupted => {
            cancelled().into()
        }
        dialoguer::Error::IO(io) => anyhow::Error::new(io).context("reading the answer"),
    }
}

/// The tenant as written so far in this walk's transaction: its row read
/// again (an answer such as "wants FTC help" changes it), then its standing.
fn reload(tx: Db<'_>, ctx: &Ctx, cur: &Current) -> Result<Current> {
    let t = crate::store::tenants::get_tenant(tx, cur.tenant.id)?
        .ok_or_else(|| anyhow::anyhow!("tenant vanished"))?;
    Current::load(tx, ctx, t)
}
