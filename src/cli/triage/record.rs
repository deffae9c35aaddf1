//! `ftc triage --summary TEXT [answers]`: route a piece of feedback by rule
//! 4.7 and record it. Without any answer flag, on a terminal, the questions
//! are asked one at a time (dialoguer); the answers land in one transaction
//! at the end, so Ctrl-C (exit 130) leaves nothing written.

use super::{answer_names, FeedbackView, INSIGHT};
use crate::cli::Ctx;
use crate::domain::triage::{route, Answers, Route, QUESTIONS};
use crate::error::{cancelled, invalid, refused, Result};
use crate::reference::workloads;
use crate::render;
use crate::store::feedback::{get_feedback, insert_feedback, NewFeedback};
use crate::store::history::record;
use crate::store::tenants::{resolve_tenant, Tenant};
use clap::Args;
use dialoguer::{theme::ColorfulTheme, theme::SimpleTheme, theme::Theme, Confirm, Select};
use std::io::{IsTerminal, Write};

#[derive(Debug, Args)]
pub struct RecordArgs {
    /// The feedback in a line
    #[arg(long, value_name = "TEXT", required = true)]
    pub summary: Option<String>,
    /// 1. A feature already in the product fails (error, exception, not as documented)
    #[arg(long)]
    pub broken: bool,
    /// 2. Without it the customer cannot deploy, partly or fully (workload functionality or process)
    #[arg(long)]
    pub blocks_deployment: bool,
    /// 3. A change the customer would like that does not block deployment
    #[arg(long)]
    pub product_wish: bool,
    /// With --product-wish: a Premier customer (a DCR rather than UserVoice)
    #[arg(long, requires = "product_wish")]
    pub premier: bool,
    /// 4. About the Playbook
    #[arg(long)]
    pub playbook: bool,
    /// 5. An FTC tool (FTOP), reporting data, or a general non-workload FTC process
    #[arg(long)]
    pub ftc_process: bool,
    /// With --ftc-process: the FTCHelp category (reference/ftchelp-categories.txt)
    #[arg(long, requires = "ftc_process", value_name = "C")]
    pub category: Option<String>,
    /// 6. Deep workload-specific guidance, likely to take over an hour
    #[arg(long)]
    pub deep_guidance: bool,
    /// 7. A question about workload functionality or the FastTrack scope
    #[arg(long)]
    pub question: bool,
    /// The tenant it came from (domain, first label or tenant ID)
    #[arg(long, value_name = "TENANT")]
    pub tenant: Option<String>,
    /// The workload it is about (slug, name or alias)
    #[arg(long, value_name = "W")]
    pub workload: Option<String>,
}

impl RecordArgs {
    fn answers(&self) -> Answers {
        Answers {
            broken: self.broken,
            blocks_deployment: self.blocks_deployment,
            product_wish: self.product_wish,
            premier: self.premier,
            playbook: self.playbook,
            ftc_process: self.ftc_process,
            deep_guidance: self.deep_guidance,
            question: self.question,
        }
    }
}

const FLAGS_HINT: &str = "answer with flags: --broken, --blocks-deployment, --product-wish [--premier], --playbook, --ftc-process [--category C], --deep-guidance or --question (nothing else applies)";

/// The FTCHelp category whose slug is `input`, in any case, or a refusal
/// listing them.
fn category(input: &str) -> Result<String> {
    let cats = &crate::reference::get().ftchelp_categories;
    let key = input.trim().to_lowercase();
    cats.iter()
        .find(|c| c.slug.to_lowercase() == key)
        .map(|c| c.slug.clone())
        .ok_or_else(|| {
            let slugs: Vec<&str> = cats.iter().map(|c| c.slug.as_str()).collect();
            refused(format!("'{input}' is not an FTCHelp category"))
                .with_hint(format!("the categories: {}", slugs.join(", ")))
                .into()
        })
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: RecordArgs) -> Result<()> {
    let summary = a
        .summary
        .as_deref()
        .map(str::trim)
        .unwrap_or_default()
        .to_string();
    if summary.is_empty() {
        return Err(invalid("--summary: empty")
            .with_hint("say what the feedback is in a line")
            .into());
    }
    if summary.contains(['\n', '\r']) {
        return Err(invalid("--summary: one line, please").into());
    }
    let mut answers = a.answers();
    let interactive = !answers.any();
    if interactive && (!std::io::stdin().is_terminal() || !std::io::stderr().is_terminal()) {
        return Err(
            invalid("no answer given, and `ftc triage` can only ask on a terminal")
                .with_hint(FLAGS_HINT)
                .into(),
        );
    }
    let mut cat = a.category.as_deref().map(category).transpose()?;
    let workload = a
        .workload
        .as_deref()
        .map(|w| {
            workloads::resolve(w)
                .map(|w| w.slug.clone())
                .map_err(|e| refused(format!("--workload: {e}")))
        })
        .transpose()?;
    let tenant: Option<Tenant> = match &a.tenant {
        Some(t) => {
            let store = ctx.open_store()?;
            Some(resolve_tenant(store.db(), t)?)
        }
        None => None,
    };

    if interactive {
        let (asked, picked) = ask()?;
        answers = asked;
        cat = picked;
    }
    let r = route(&answers);
    if r != Route::Ftchelp && cat.is_some() {
        ctx.say(&format!(
            "note: routed to {r}, not FTCHelp: the category is left out"
        ));
        cat = None;
    }
    let status = (r.as_str() == INSIGHT).then(|| {
        crate::reference::get()
            .insight_statuses
            .first()
            .map_or("Emerging Issue".to_string(), |s| s.name.clone())
    });
    let names = answer_names(&answers);

    let mut store = ctx.open_store()?;
    let tx = store.write()?;
    let id = insert_feedback(
        &tx,
        &NewFeedback {
            summary: &summary,
            route: r.as_str(),
            destination: r.destination(),
            category: cat.as_deref(),
            tenant_id: tenant.as_ref().map(|t| t.id),
            workload: workload.as_deref(),
            answers: &names,
            status: status.as_deref(),
            created_on: ctx.today,
            author: &ctx.actor,
        },
    )?;
    let what = format!(
        "feedback #{id} triaged to {r}{}{}: {summary}",
        cat.as_deref().map_or(String::new(), |c| format!(" ({c})")),
        status
            .as_deref()
            .map_or(String::new(), |s| format!(", status {s}"))
    );
    record(
        &tx,
        &ctx.stamp(),
        tenant.as_ref().map(|t| t.id),
        "triage",
        &what,
    )?;
    let f = get_feedback(&tx, id)?.ok_or_else(|| anyhow::anyhow!("feedback #{id} vanished"))?;
    tx.commit()?;
    ctx.say(&format!("feedback #{id}: {r}, {}", r.destination()));
    render::one(out, ctx.style, &FeedbackView::of(&f))
}

/// Ask the questions in order, stopping at the first yes; the Premier
/// question follows a yes to the product wish, the FTCHelp category a yes
/// to the FTC process.
fn ask() -> Result<(Answers, Option<String>)> {
    // Ctrl-C outside a prompt: put the cursor back and exit 130; nothing is
    // written before the last answer.
    let _ = ctrlc::set_handler(|| {
        let _ = console::Term::stderr().show_cursor();
        eprintln!("\ncancelled: nothing was recorded");
        std::process::exit(130);
    });
    let colorful = ColorfulTheme::default();
    let theme: &dyn Theme = if std::env::var_os("NO_COLOR").is_none() {
        &colorful
    } else {
        &SimpleTheme
    };
    let mut answers = Answers::default();
    let mut cat = None;
    let total = QUESTIONS.len();
    for (i, (question, set)) in QUESTIONS.iter().enumerate() {
        if !confirm(theme, &format!("{}/{total} {question}", i + 1))? {
            continue;
        }
        set(&mut answers);
        if answers.product_wish {
            answers.premier = confirm(theme, "Is the customer a Premier customer?")?;
        }
        if answers.ftc_process {
            let cats = &crate::reference::get().ftchelp_categories;
            let width = cats.iter().map(|c| c.slug.len()).max().unwrap_or(0);
            let items: Vec<String> = cats
                .iter()
                .map(|c| format!("{:width$}  {}", c.slug, c.description))
                .collect();
            let pick = Select::with_theme(theme)
                .with_prompt("Which FTCHelp category?")
                .items(&items)
                .default(0)
                .interact_on(&console::Term::stderr())
                .map_err(prompt_error)?;
            cat = cats.get(pick).map(|c| c.slug.clone());
        }
        break;
    }
    Ok((answers, cat))
}

fn confirm(theme: &dyn Theme, prompt: &str) -> Result<bool> {
    Confirm::with_theme(theme)
        .with_prompt(prompt)
        .default(false)
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
