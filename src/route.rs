//! Every address of the app: one per step and page, parsed and printed here.

use crate::state::Step;

/// Every step has its own URL; the server falls back to index.html for all of them.
#[derive(Debug, Clone, PartialEq)]
pub enum Route {
    Home,
    Notice,
    Eligibility,
    Window,
    Verify,
    Form,
    Photos,
    CardPhoto,
    Liveness,
    LivenessReturn,
    /// Back from a face check for a person alone (to act on a card).
    IdentityReturn,
    Review,
    Done {
        number: String,
    },
    Applications,
    Application {
        number: String,
    },
    /// 委托授权书 of an application, printable.
    Authorization {
        number: String,
    },
    PaymentReturn,
    /// 预约窗口办理: book, move or cancel a time at an office window.
    Appointment,
    /// 挂失身份证: report the card lost or stolen.
    LossReport,
    /// 挂失回执 of a report, to keep (printed, or a picture of the screen).
    LossReceipt {
        number: String,
    },
    /// 急需用证怎么办: travel and the temporary card meanwhile.
    Urgent,
    /// 消息: what the service told the applicant.
    Messages,
    /// 物流进度查询: the card parcels sent to a phone, by the SMS code sent to it.
    Tracking,
    NotFound,
}

impl Route {
    /// The route at `pathname`; 页面不存在 when nothing is there.
    pub fn recognize(pathname: &str) -> Route {
        Route::parse(pathname).unwrap_or(Route::NotFound)
    }

    /// The address of this route.
    pub fn to_path(&self) -> String {
        match self {
            Route::Done { number } => ["/done/", number].concat(),
            Route::Application { number } => ["/applications/", number].concat(),
            Route::Authorization { number } => {
                ["/applications/", number, "/authorization"].concat()
            }
            Route::LossReceipt { number } => ["/loss-receipts/", number].concat(),
            fixed => fixed.fixed_path().to_string(),
        }
    }

    /// Every route without a parameter.
    const FIXED: [Route; 20] = [
        Route::Home,
        Route::Notice,
        Route::Eligibility,
        Route::Window,
        Route::Verify,
        Route::Form,
        Route::Photos,
        Route::CardPhoto,
        Route::Liveness,
        Route::LivenessReturn,
        Route::IdentityReturn,
        Route::Review,
        Route::Applications,
        Route::PaymentReturn,
        Route::Appointment,
        Route::LossReport,
        Route::Urgent,
        Route::Messages,
        Route::Tracking,
        Route::NotFound,
    ];

    /// The route at `pathname`, ignoring one trailing slash as the derive did (so "" is
    /// 首页 too); None when nothing is there. Application numbers are the server's
    /// (letters and digits), so a segment is taken as it is, never percent-decoded.
    fn parse(pathname: &str) -> Option<Route> {
        let path = match pathname.strip_suffix('/').unwrap_or(pathname) {
            "" => "/",
            p => p,
        };
        let param = |prefix: &str| {
            path.strip_prefix(prefix)
                .filter(|rest| !rest.is_empty() && !rest.contains('/'))
                .map(str::to_string)
        };
        if let Some(number) = param("/done/") {
            return Some(Route::Done { number });
        }
        let authorization = path
            .strip_prefix("/applications/")
            .and_then(|rest| rest.strip_suffix("/authorization"))
            .filter(|n| !n.is_empty() && !n.contains('/'));
        if let Some(number) = authorization {
            return Some(Route::Authorization {
                number: number.to_string(),
            });
        }
        if let Some(number) = param("/applications/") {
            return Some(Route::Application { number });
        }
        if let Some(number) = param("/loss-receipts/") {
            return Some(Route::LossReceipt { number });
        }
        Route::FIXED.into_iter().find(|r| r.fixed_path() == path)
    }

    /// The path of a route without parameters ("" for those with one).
    fn fixed_path(&self) -> &'static str {
        match self {
            Route::Home => "/",
            Route::Notice => "/notice",
            Route::Eligibility => "/eligibility",
            Route::Window => "/window",
            Route::Verify => "/verify",
            Route::Form => "/form",
            Route::Photos => "/photos",
            Route::CardPhoto => "/card-photo",
            Route::Liveness => "/liveness",
            Route::LivenessReturn => "/liveness/return",
            Route::IdentityReturn => "/identity/return",
            Route::Review => "/review",
            Route::Applications => "/applications",
            Route::PaymentReturn => "/payment/return",
            Route::Appointment => "/appointment",
            Route::LossReport => "/loss-report",
            Route::Urgent => "/urgent",
            Route::Messages => "/messages",
            Route::Tracking => "/tracking",
            Route::NotFound => "/404",
            Route::Done { .. }
            | Route::Application { .. }
            | Route::Authorization { .. }
            | Route::LossReceipt { .. } => "",
        }
    }

    pub fn of_step(step: Step) -> Route {
        match step {
            Step::Notice => Route::Notice,
            Step::Eligibility => Route::Eligibility,
            Step::Phone => Route::Verify,
            Step::Form => Route::Form,
            Step::Photos => Route::Photos,
            Step::CardPhoto => Route::CardPhoto,
            Step::Liveness => Route::Liveness,
            Step::Review => Route::Review,
        }
    }
}

/// "Sign in, then come back": the page to open once the phone is verified, with what its
/// address carries (a report's `from`, a vendor return's `flow`). It travels through
/// 手机验证 as the `next` of its address; only the pages below take a visitor back, so a
/// `next` written by anyone else opens nothing of theirs.
#[derive(Debug, Clone, PartialEq)]
pub struct Then {
    route: Route,
    query: Option<(&'static str, String)>,
}

impl Then {
    /// Back to `route` as it is.
    pub fn page(route: Route) -> Then {
        Then { route, query: None }
    }

    /// Back to `route` with `key=value` (a vendor's `flow`, `from=review`).
    pub fn with(route: Route, key: &'static str, value: impl Into<String>) -> Then {
        Then {
            route,
            query: Some((key, value.into())),
        }
    }

    /// The address to come back to, as 手机验证's `next` carries it.
    pub fn to_next(&self) -> String {
        match &self.query {
            Some((k, v)) => [&self.route.to_path(), "?", k, "=", v].concat(),
            None => self.route.to_path(),
        }
    }

    /// The `next` 手机验证 was given, if it is one of ours to go back to: 我的办件 and
    /// what hangs off it, a booking, a loss report, the messages, or a vendor's return
    /// page (which must say which flow).
    pub fn parse(next: &str) -> Option<String> {
        if next.contains("//") {
            return None;
        }
        let (path, query) = match next.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (next, None),
        };
        let back = match Route::recognize(path) {
            Route::Applications
            | Route::Application { .. }
            | Route::Authorization { .. }
            | Route::Appointment
            | Route::LossReport
            | Route::LossReceipt { .. }
            | Route::Messages => true,
            Route::LivenessReturn | Route::PaymentReturn | Route::IdentityReturn => query.is_some(),
            _ => false,
        };
        back.then(|| next.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::{Route, Then};

    #[test]
    fn sign_in_comes_back_only_to_our_pages() {
        let back = [
            Then::page(Route::Applications),
            Then::page(Route::Application {
                number: "BL20261128000002".into(),
            }),
            Then::page(Route::Appointment),
            Then::page(Route::LossReport),
            Then::page(Route::LossReceipt {
                number: "GS20261128000001".into(),
            }),
            Then::with(Route::LossReport, "from", "review"),
            Then::page(Route::Messages),
            Then::with(Route::LivenessReturn, "flow", "f1"),
            Then::with(Route::PaymentReturn, "flow", "f2"),
            Then::with(Route::IdentityReturn, "flow", "f3"),
        ];
        for then in back {
            assert_eq!(Then::parse(&then.to_next()), Some(then.to_next()));
        }
        for next in [
            "https://evil.example/applications",
            "//evil.example",
            "/applications//x",
            "/review",
            "/liveness/return",
            "/nope",
        ] {
            assert_eq!(Then::parse(next), None, "{next:?}");
        }
    }

    fn every_route() -> Vec<Route> {
        let mut all = Route::FIXED.to_vec();
        all.push(Route::Done {
            number: "BL20261128000001".into(),
        });
        all.push(Route::Application {
            number: "BL20261128000002".into(),
        });
        all.push(Route::Authorization {
            number: "BL20261128000003".into(),
        });
        all.push(Route::LossReceipt {
            number: "GS20261128000004".into(),
        });
        all
    }

    #[test]
    fn every_route_survives_its_own_path() {
        for route in every_route() {
            assert_eq!(Route::recognize(&route.to_path()), route.clone());
            // A trailing slash, as a hand-typed address may have.
            let slashed = format!("{}/", route.to_path());
            assert_eq!(Route::recognize(&slashed), route);
        }
    }

    #[test]
    fn every_path_is_different() {
        let mut paths: Vec<String> = every_route().iter().map(Route::to_path).collect();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), every_route().len());
    }

    #[test]
    fn anything_else_is_not_found() {
        for path in [
            "/nope",
            "/done",
            "/done/",
            "/done/a/b",
            "/applications/a/b",
            "/noticex",
            "/review/extra",
        ] {
            assert_eq!(Route::recognize(path), Route::NotFound, "{path:?}");
        }
        assert_eq!(Route::recognize("/applications/"), Route::Applications);
        assert_eq!(Route::recognize(""), Route::Home);
    }
}
