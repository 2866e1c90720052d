//! What the protections of a whole run add up to, for the report: a
//! protection is in force only if every harness process of the run got it.

use serde::Serialize;

use super::{Applied, Policy, Protection, disabled_reason, unavailable};

/// The protections of a whole run, for the report.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Every protection was in force for every harness process.
    pub complete: bool,
    /// How many harness processes ran (one per graded exercise).
    pub harness_processes: usize,
    pub protections: Vec<ProtectionState>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProtectionState {
    pub id: Protection,
    pub in_force: bool,
    pub what: &'static str,
    /// Why not, when it was not in force.
    pub why_not: Option<String>,
}

/// Collects what each harness process got.
#[derive(Debug, Default)]
pub struct Tally {
    runs: usize,
    all: Option<Applied>,
    notes: Vec<(Protection, String)>,
}

impl Tally {
    pub fn record(&mut self, applied: Applied, notes: Vec<(Protection, String)>) {
        self.runs += 1;
        self.all = Some(self.all.map_or(applied, |a| a.both(applied)));
        for (p, why) in notes {
            if !self.notes.iter().any(|(q, _)| *q == p) {
                self.notes.push((p, why));
            }
        }
    }

    pub fn summary(&self, policy: &Policy, driver_shield: &Result<(), String>) -> Summary {
        let protections: Vec<ProtectionState> = Protection::ALL
            .into_iter()
            .map(|p| {
                let (in_force, why_not) = if !policy.enabled(p) {
                    (false, Some(disabled_reason()))
                } else if p == Protection::DriverShield {
                    (driver_shield.is_ok(), driver_shield.clone().err())
                } else if !p.per_process() {
                    (true, None)
                } else if let Some(all) = self.all.filter(|_| self.runs > 0) {
                    let in_force = all.has(p);
                    let why = (!in_force).then(|| {
                        self.notes
                            .iter()
                            .find(|(q, _)| *q == p)
                            .map(|(_, why)| why.clone())
                            .or_else(|| unavailable(p, policy))
                            .unwrap_or_else(|| "no se pudo aplicar".into())
                    });
                    (in_force, why)
                } else {
                    (
                        false,
                        Some("no se ejecutó ningún programa de prueba".into()),
                    )
                };
                ProtectionState {
                    id: p,
                    in_force,
                    what: p.what(),
                    why_not,
                }
            })
            .collect();
        Summary {
            complete: protections.iter().all(|p| p.in_force),
            harness_processes: self.runs,
            protections,
        }
    }
}
