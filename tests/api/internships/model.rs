//! The seat rules checked against a model: generated sequences of nominations, decisions,
//! withdrawals and completions on one three-seat offer, each answered as the model says, and
//! the offer's seat count and every nomination's status equal to the model's at the end.
//!
//! The model: a school nominates a student once per offer; only a submitted nomination is
//! decided; accepting takes a seat if one is left, otherwise it is refused and stays submitted;
//! withdrawing a submitted or accepted one frees its seat; completing needs an accepted one and
//! keeps the seat.

use proptest::prelude::*;

use super::*;
use crate::helpers::{Backend, check_property, first_error_code};
use internships::NominationStatus;

#[derive(Debug, Clone)]
enum Step {
    Nominate { student: u8, other_school: bool },
    Decide { pick: usize, accept: bool },
    Withdraw { pick: usize },
    Complete { pick: usize },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (0u8..5, any::<bool>()).prop_map(|(student, other_school)| Step::Nominate { student, other_school }),
        4 => (any::<usize>(), prop::bool::weighted(0.8)).prop_map(|(pick, accept)| Step::Decide { pick, accept }),
        1 => any::<usize>().prop_map(|pick| Step::Withdraw { pick }),
        1 => any::<usize>().prop_map(|pick| Step::Complete { pick }),
    ]
}

struct Nominated {
    id: Uuid,
    school: &'static str,
    student: u8,
    status: NominationStatus,
}

const SEATS: usize = 3;

fn seats_taken(model: &[Nominated]) -> usize {
    model
        .iter()
        .filter(|n| matches!(n.status, NominationStatus::Accepted | NominationStatus::Completed))
        .count()
}

/// Sends `query` as `token` and checks it succeeded (`ok`) or was refused with `CONFLICT`.
async fn expect(app: &TestApp, token: &str, query: &str, variables: Value, ok: bool, step: &Step) {
    let (_, body) = app.graphql(Some(token), query, variables).await;
    if ok {
        assert!(body.get("errors").is_none(), "{step:?}: {body}");
    } else {
        assert_eq!(first_error_code(&body), "CONFLICT", "{step:?}: {body}");
    }
}

async fn check(app: &TestApp, steps: &[Step]) {
    let offer = published_offer(app, offer_input()).await;
    let enterprise = member(app, ENTERPRISE);
    let mut model: Vec<Nominated> = Vec::new();
    for step in steps {
        match *step {
            Step::Nominate { student, other_school } => {
                let school = if other_school { OTHER_SCHOOL } else { SCHOOL };
                let student_ref = format!("HS-{student}");
                let input = json!({ "offerId": offer, "studentRef": student_ref, "grade": 12 });
                let (_, body) =
                    app.graphql(Some(&member(app, school)), NOMINATE, json!({ "input": input })).await;
                if model.iter().any(|n| n.school == school && n.student == student) {
                    assert_eq!(first_error_code(&body), "CONFLICT", "{step:?} again: {body}");
                } else {
                    let id = id_of(&body["data"]["nominateStudent"]);
                    model.push(Nominated { id, school, student, status: NominationStatus::Submitted });
                }
            }
            Step::Decide { pick, accept } if !model.is_empty() => {
                let index = pick % model.len();
                let taken = seats_taken(&model);
                let nominated = &mut model[index];
                let ok = nominated.status == NominationStatus::Submitted && (!accept || taken < SEATS);
                let decision = if accept { "ACCEPT" } else { "REJECT" };
                let variables = json!({ "id": nominated.id, "decision": decision });
                expect(app, &enterprise, DECIDE, variables, ok, step).await;
                if ok {
                    nominated.status =
                        if accept { NominationStatus::Accepted } else { NominationStatus::Rejected };
                }
            }
            Step::Withdraw { pick } if !model.is_empty() => {
                let index = pick % model.len();
                let nominated = &mut model[index];
                let ok = matches!(nominated.status, NominationStatus::Submitted | NominationStatus::Accepted);
                let token = member(app, nominated.school);
                expect(app, &token, WITHDRAW, json!({ "id": nominated.id }), ok, step).await;
                if ok {
                    nominated.status = NominationStatus::Withdrawn;
                }
            }
            Step::Complete { pick } if !model.is_empty() => {
                let index = pick % model.len();
                let nominated = &mut model[index];
                let ok = nominated.status == NominationStatus::Accepted;
                let variables = json!({ "id": nominated.id, "hours": 40 });
                expect(app, &enterprise, COMPLETE, variables, ok, step).await;
                if ok {
                    nominated.status = NominationStatus::Completed;
                }
            }
            Step::Decide { .. } | Step::Withdraw { .. } | Step::Complete { .. } => {}
        }
    }
    for nominated in &model {
        assert_eq!(
            db_nomination(app, nominated.id).await.status,
            nominated.status,
            "nomination {}",
            nominated.id
        );
    }
    assert_eq!(db_offer(app, offer).await.accepted_count as usize, seats_taken(&model), "seats taken");
}

fn run_model(backend: Backend) {
    check_property(backend, proptest::collection::vec(step(), 1..30), async |app, steps| {
        check(app, &steps).await
    });
}

#[test]
fn seats_follow_the_model_on_sqlite() {
    run_model(Backend::Sqlite);
}

#[test]
fn seats_follow_the_model_on_postgres() {
    run_model(Backend::Postgres);
}
