//! Feedback triage (SPEC rule 4.7): seven questions in order; the first yes
//! decides where the feedback goes.

use serde::Serialize;
use std::fmt;

/// Where a piece of feedback goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Route {
    Support,
    FtcInsight,
    Dcr,
    Uservoice,
    PlaybookFeedback,
    Ftchelp,
    SmeRequest,
    WorkloadChannel,
}

impl Route {
    pub fn as_str(self) -> &'static str {
        match self {
            Route::Support => "support",
            Route::FtcInsight => "ftc-insight",
            Route::Dcr => "dcr",
            Route::Uservoice => "uservoice",
            Route::PlaybookFeedback => "playbook-feedback",
            Route::Ftchelp => "ftchelp",
            Route::SmeRequest => "sme-request",
            Route::WorkloadChannel => "workload-channel",
        }
    }

    /// Whom to send it to, in words.
    pub fn destination(self) -> &'static str {
        match self {
            Route::Support => "CSS technical support: open a support request",
            Route::FtcInsight => "an FTC Insight, tracked through its lifecycle (`ftc triage status`)",
            Route::Dcr => "a design change request (DCR), for Premier customers",
            Route::Uservoice => "a UserVoice entry: search the UserVoice sites first and vote",
            Route::PlaybookFeedback => "Playbook feedback",
            Route::Ftchelp => "an FTCHelp request",
            Route::SmeRequest => "an SME request (deep workload guidance, likely over an hour)",
            Route::WorkloadChannel => {
                "the workload channel of the FastTrack Teams site (engineers: the COLLAB channel for technical questions)"
            }
        }
    }
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The answers to the triage questions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Answers {
    /// A feature already in the product fails (error, exception, not as documented).
    pub broken: bool,
    /// Without it the customer cannot deploy, partly or fully.
    pub blocks_deployment: bool,
    /// A change the customer would like that does not block deployment.
    pub product_wish: bool,
    pub premier: bool,
    /// About the Playbook.
    pub playbook: bool,
    /// An FTC tool, reporting data, or a general non-workload FTC process.
    pub ftc_process: bool,
    /// Deep workload-specific guidance likely to take over an hour.
    pub deep_guidance: bool,
    /// A question about workload functionality or FastTrack scope.
    pub question: bool,
}

impl Answers {
    /// Whether any question was answered yes.
    pub fn any(&self) -> bool {
        self.broken
            || self.blocks_deployment
            || self.product_wish
            || self.playbook
            || self.ftc_process
            || self.deep_guidance
            || self.question
    }
}

/// Sets the answer of one question to yes.
pub type SetYes = fn(&mut Answers);

/// The questions, in the order they are asked, with the answer each sets.
pub const QUESTIONS: [(&str, SetYes); 7] = [
    ("Is a feature already in the product failing (an error, an exception, not working as documented)?", |a| a.broken = true),
    ("Is it about workload functionality or a workload-specific process, without which the customer cannot deploy (partly or fully)?", |a| a.blocks_deployment = true),
    ("Is it a change the customer would like in the product that does not block deployment?", |a| a.product_wish = true),
    ("Is it about the Playbook (planning, deployment or adoption guidance)?", |a| a.playbook = true),
    ("Is it about an FTC tool (FTOP), reporting data, or a general, non-workload FTC process?", |a| a.ftc_process = true),
    ("Does it need deep workload-specific technical or deployment guidance, likely to take over an hour?", |a| a.deep_guidance = true),
    ("Is it a question about workload functionality or the scope of the FastTrack benefit?", |a| a.question = true),
];

/// Rule 4.7: the first yes decides; nothing else applies: the workload channel.
pub fn route(a: &Answers) -> Route {
    if a.broken {
        Route::Support
    } else if a.blocks_deployment {
        Route::FtcInsight
    } else if a.product_wish {
        if a.premier {
            Route::Dcr
        } else {
            Route::Uservoice
        }
    } else if a.playbook {
        Route::PlaybookFeedback
    } else if a.ftc_process {
        Route::Ftchelp
    } else if a.deep_guidance {
        Route::SmeRequest
    } else {
        Route::WorkloadChannel
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn a(f: impl Fn(&mut Answers)) -> Answers {
        let mut x = Answers::default();
        f(&mut x);
        x
    }

    #[rstest]
    #[case::admin_center_error(a(|x| x.broken = true), Route::Support)]
    #[case::broken_beats_everything(a(|x| { x.broken = true; x.blocks_deployment = true; x.product_wish = true; x.question = true; }), Route::Support)]
    #[case::broken_and_premier_wish(a(|x| { x.broken = true; x.product_wish = true; x.premier = true; }), Route::Support)]
    #[case::missing_migration_feature_blocks(a(|x| x.blocks_deployment = true), Route::FtcInsight)]
    #[case::blocking_beats_wish(a(|x| { x.blocks_deployment = true; x.product_wish = true; }), Route::FtcInsight)]
    #[case::blocking_beats_playbook(a(|x| { x.blocks_deployment = true; x.playbook = true; }), Route::FtcInsight)]
    #[case::blocking_workload_process(a(|x| { x.blocks_deployment = true; x.ftc_process = true; }), Route::FtcInsight)]
    #[case::nice_to_have_premier(a(|x| { x.product_wish = true; x.premier = true; }), Route::Dcr)]
    #[case::nice_to_have(a(|x| x.product_wish = true), Route::Uservoice)]
    #[case::premier_alone_is_no_wish(a(|x| x.premier = true), Route::WorkloadChannel)]
    #[case::wish_beats_playbook(a(|x| { x.product_wish = true; x.playbook = true; }), Route::Uservoice)]
    #[case::playbook_guidance(a(|x| x.playbook = true), Route::PlaybookFeedback)]
    #[case::playbook_beats_ftop(a(|x| { x.playbook = true; x.ftc_process = true; }), Route::PlaybookFeedback)]
    #[case::ftop_wizard(a(|x| x.ftc_process = true), Route::Ftchelp)]
    #[case::reporting_data(a(|x| { x.ftc_process = true; x.question = true; }), Route::Ftchelp)]
    #[case::ftop_beats_deep(a(|x| { x.ftc_process = true; x.deep_guidance = true; }), Route::Ftchelp)]
    #[case::deep_guidance(a(|x| x.deep_guidance = true), Route::SmeRequest)]
    #[case::deep_beats_question(a(|x| { x.deep_guidance = true; x.question = true; }), Route::SmeRequest)]
    #[case::question(a(|x| x.question = true), Route::WorkloadChannel)]
    #[case::nothing_applies(Answers::default(), Route::WorkloadChannel)]
    #[case::scope_question_premier(a(|x| { x.question = true; x.premier = true; }), Route::WorkloadChannel)]
    fn routes(#[case] answers: Answers, #[case] want: Route) {
        assert_eq!(route(&answers), want);
    }

    #[test]
    fn asking_in_order_gives_the_first_yes() {
        // Answering yes to question k alone routes as rule k.
        let want = [
            Route::Support,
            Route::FtcInsight,
            Route::Uservoice,
            Route::PlaybookFeedback,
            Route::Ftchelp,
            Route::SmeRequest,
            Route::WorkloadChannel,
        ];
        for (i, (_, set)) in QUESTIONS.iter().enumerate() {
            let mut x = Answers::default();
            set(&mut x);
            assert_eq!(route(&x), want[i], "question {i}");
            assert!(x.any());
        }
        assert!(!Answers::default().any());
    }
}
