//! The worker pool of a grading run: jobs taken in order by a few threads,
//! stopping at the first job that fails or when asked to.

use std::sync::Mutex;

/// Runs `work` on each job with `workers` threads, in the jobs' order, and
/// returns the results of the jobs that ran. The first error stops the
/// pool: no new job starts, and it is returned. `stop` is asked before each
/// job; when it says so, no new job starts either.
pub fn run<J: Sync, R: Send, E: Send>(
    jobs: &[J],
    workers: usize,
    stop: &(dyn Fn() -> bool + Sync),
    work: &(dyn Fn(&J) -> Result<R, E> + Sync),
) -> (Vec<R>, Option<E>) {
    let results: Mutex<Vec<R>> = Mutex::default();
    let failed: Mutex<Option<E>> = Mutex::default();
    let next = Mutex::new(0usize);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    if failed.lock().map_or(true, |f| f.is_some()) || stop() {
                        return;
                    }
                    let job = {
                        let Ok(mut i) = next.lock() else { return };
                        let job = jobs.get(*i);
                        *i += 1;
                        job
                    };
                    let Some(job) = job else { return };
                    match work(job) {
                        Ok(result) => {
                            if let Ok(mut results) = results.lock() {
                                results.push(result);
                            }
                        }
                        Err(e) => {
                            if let Ok(mut f) = failed.lock() {
                                f.get_or_insert(e);
                            }
                        }
                    }
                }
            });
        }
    });
    (
        results.into_inner().unwrap_or_default(),
        failed.into_inner().ok().flatten(),
    )
}

/// One worker per core, at least two and at most eight.
pub fn workers() -> usize {
    std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(2, 8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_job_runs_once_and_an_error_stops_new_ones() {
        let jobs: Vec<u32> = (0..50).collect();
        let (mut done, failed) = run::<u32, u32, ()>(&jobs, 4, &|| false, &|j| Ok(j * 2));
        done.sort_unstable();
        assert_eq!(done, (0..50).map(|j| j * 2).collect::<Vec<_>>());
        assert_eq!(failed, None);

        let (done, failed) = run(&jobs, 1, &|| false, &|j| {
            if *j == 3 { Err(*j) } else { Ok(*j) }
        });
        assert_eq!(done, vec![0, 1, 2]);
        assert_eq!(failed, Some(3));

        let (done, _) = run::<u32, u32, ()>(&jobs, 3, &|| true, &|j| Ok(*j));
        assert!(done.is_empty());
    }
}
