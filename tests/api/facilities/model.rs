//! The booking rules checked against a model: generated sequences of bookings, decisions and
//! cancellations on one facility that needs approval, each answered as the model says, and the
//! database left holding exactly the model's statuses.
//!
//! The model: a booking is accepted if no live (pending or confirmed) booking overlaps it, and
//! then pending; only a pending booking can be decided; only a live one can be cancelled.

use proptest::prelude::*;

use super::*;
use crate::helpers::{Backend, check_property};

#[derive(Debug, Clone)]
enum Step {
    /// `[start, start + hours)` on the test day, by one of two schools.
    Book {
        start: u32,
        hours: u32,
        second_school: bool,
    },
    Decide {
        pick: usize,
        confirm: bool,
    },
    Cancel {
        pick: usize,
    },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (8u32..19, 1u32..4, any::<bool>()).prop_map(|(start, hours, second_school)| Step::Book { start, hours, second_school }),
        2 => (any::<usize>(), any::<bool>()).prop_map(|(pick, confirm)| Step::Decide { pick, confirm }),
        1 => any::<usize>().prop_map(|pick| Step::Cancel { pick }),
    ]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Pending,
    Confirmed,
    Declined,
    Cancelled,
}

struct Booked {
    id: Uuid,
    start: u32,
    end: u32,
    school: &'static str,
    status: Status,
}

impl Booked {
    fn live(&self) -> bool {
        matches!(self.status, Status::Pending | Status::Confirmed)
    }
}

fn hh(hour: u32) -> String {
    format!("{hour:02}:00")
}

/// Runs `steps` against a new facility and checks every answer and the final state.
async fn check(app: &TestApp, steps: &[Step]) {
    let facility = create_facility(app, true).await;
    let mut model: Vec<Booked> = Vec::new();
    for step in steps {
        match *step {
            Step::Book { start, hours, second_school } => {
                let end = (start + hours).min(21);
                let school = if second_school { OTHER_SCHOOL } else { SCHOOL };
                let free = !model.iter().any(|b| b.live() && b.start < end && start < b.end);
                let body = try_book(app, school, booking_input(facility, 9, &hh(start), &hh(end))).await;
                if free {
                    let booking = &body["data"]["bookFacility"]["bookings"][0];
                    assert_eq!(booking["status"], "PENDING", "{step:?}: {body}");
                    model.push(Booked { id: id_of(booking), start, end, school, status: Status::Pending });
                } else {
                    assert_eq!(
                        first_error_code(&body),
                        "CONFLICT",
                        "{step:?} overlaps a live booking: {body}"
                    );
                }
            }
            Step::Decide { pick, confirm } if !model.is_empty() => {
                let index = pick % model.len();
                let booked = &mut model[index];
                let decision = if confirm { "CONFIRM" } else { "DECLINE" };
                let variables = json!({ "id": booked.id, "decision": decision });
                let (_, body) = app.graphql(Some(&member(app, HOST)), &decide_query(), variables).await;
                if booked.status == Status::Pending {
                    assert!(body.get("errors").is_none(), "{step:?}: {body}");
                    booked.status = if confirm { Status::Confirmed } else { Status::Declined };
                } else {
                    assert_eq!(
                        first_error_code(&body),
                        "CONFLICT",
                        "{step:?} on {:?}: {body}",
                        booked.status
                    );
                }
            }
            Step::Cancel { pick } if !model.is_empty() => {
                let index = pick % model.len();
                let booked = &mut model[index];
                let (_, body) = app
                    .graphql(Some(&member(app, booked.school)), &cancel_query(), json!({ "id": booked.id }))
                    .await;
                if booked.live() {
                    assert!(body.get("errors").is_none(), "{step:?}: {body}");
                    booked.status = Status::Cancelled;
                } else {
                    assert_eq!(
                        first_error_code(&body),
                        "CONFLICT",
                        "{step:?} on {:?}: {body}",
                        booked.status
                    );
                }
            }
            Step::Decide { .. } | Step::Cancel { .. } => {}
        }
    }
    for booked in &model {
        let stored = db_booking(app, booked.id).await.status;
        let expected = match booked.status {
            Status::Pending => facilities::BookingStatus::Pending,
            Status::Confirmed => facilities::BookingStatus::Confirmed,
            Status::Declined => facilities::BookingStatus::Declined,
            Status::Cancelled => facilities::BookingStatus::Cancelled,
        };
        assert_eq!(stored, expected, "booking {} ({}-{})", booked.id, booked.start, booked.end);
    }
    let live = model.iter().filter(|booked| booked.live()).count() as u64;
    assert_eq!(live_bookings(app, facility).await, live);
}

fn run_model(backend: Backend) {
    check_property(backend, proptest::collection::vec(step(), 1..25), async |app, steps| {
        check(app, &steps).await
    });
}

#[test]
fn bookings_follow_the_model_on_sqlite() {
    run_model(Backend::Sqlite);
}

#[test]
fn bookings_follow_the_model_on_postgres() {
    run_model(Backend::Postgres);
}
