//! The engine worker's life, seen from the page: `use_engine` spawns it when the app mounts,
//! turns its answers into actions, replaces it after a crash or a cancel (giving the new one
//! every file read so far), and closes it when the app goes.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::worker::{Spawnable, WorkerBridge};
use yew::prelude::*;

use super::state::{Action, FileStatus, PageState};
use crate::boundary::{EngineWorker, JsCodec, WorkerRequest, WorkerResponse, WORKER_LOADER};

type Bridge = Rc<RefCell<Option<WorkerBridge<EngineWorker>>>>;

/// A handle on the current worker, whichever it is: cheap to clone into callbacks.
#[derive(Clone)]
pub struct Engine {
    bridge: Bridge,
    dispatch: UseReducerDispatcher<PageState>,
    /// The state as of the last render, for callbacks and replays that outlive it.
    latest: Rc<RefCell<Rc<PageState>>>,
}

impl Engine {
    /// Sends to the current worker; nothing when there is none (the app runs without one).
    pub fn send(&self, request: WorkerRequest) {
        if let Some(worker) = self.bridge.borrow().as_ref() {
            worker.send(request);
        }
    }

    /// The state as of the last render.
    pub fn latest(&self) -> Rc<PageState> {
        self.latest.borrow().clone()
    }

    /// Starts a worker whose answers become actions. A crash report replaces it with a fresh one.
    fn spawn(&self) {
        let engine = self.clone();
        let on_response = move |response: WorkerResponse| {
            let crashed = match &response {
                WorkerResponse::Crashed { key, message } => Some((*key, message.clone())),
                _ => None,
            };
            engine.dispatch.dispatch(Action::Worker(response));
            if let Some((key, message)) = crashed {
                // The worker aborted after saying why; start again with what it had.
                let engine = engine.clone();
                yew::platform::spawn_local(async move {
                    engine.restart(false, key);
                    engine.dispatch.dispatch(Action::WorkerReplaced(format!(
                        "The engine hit a bug and was restarted; the file it was reading is marked failed. ({message})"
                    )));
                });
            }
        };
        let worker = EngineWorker::spawner().callback(on_response).encoding::<JsCodec>().spawn_with_loader(WORKER_LOADER);
        worker.send(WorkerRequest::Ping);
        *self.bridge.borrow_mut() = Some(worker);
    }

    /// Replaces the worker and gives the new one the parameters and pivot, then every file read
    /// so far (and, unless cancelling, those still waiting).
    /// A file the old worker crashed on (`skip`) is never given to the new one.
    pub fn restart(&self, cancelling: bool, skip: Option<u32>) {
        self.bridge.borrow_mut().take(); // Dropping the bridge tells the old worker to close.
        self.spawn();
        let state = self.latest();
        let guard = self.bridge.borrow();
        let Some(worker) = guard.as_ref() else { return };
        worker.send(WorkerRequest::SetParams { params: state.params.clone() });
        if state.pivot.is_some() {
            worker.send(WorkerRequest::SetPivot { entity: state.pivot.clone() });
        }
        for f in &state.files {
            let waiting = matches!(f.status, FileStatus::Queued | FileStatus::Reading { .. });
            let replay = matches!(f.status, FileStatus::Done { .. }) || (waiting && !cancelling);
            if !replay || skip == Some(f.key) {
                continue;
            }
            match (&f.handle, &f.sample) {
                (Some(handle), _) => worker.send(WorkerRequest::AddFile { handle: handle.clone(), options: f.options.clone() }),
                (None, Some(id)) if id != "selftest" => worker.send(WorkerRequest::LoadSample { id: id.clone(), key: f.key }),
                (None, Some(_)) => {}
                (None, None) => {}
            }
        }
    }
}

/// The engine for the app whose state is `state`; `enabled` spawns a worker on mount.
#[hook]
pub fn use_engine(enabled: bool, state: &UseReducerHandle<PageState>) -> Engine {
    let bridge = (*use_memo((), |_| -> Bridge { Rc::new(RefCell::new(None)) })).clone();
    let latest = (*use_memo((), |_| Rc::new(RefCell::new(Rc::new(PageState::default()))))).clone();
    *latest.borrow_mut() = Rc::new((**state).clone());
    let engine = Engine { bridge, dispatch: state.dispatcher(), latest };
    {
        let engine = engine.clone();
        use_effect_with((), move |_| {
            if enabled {
                engine.spawn();
            }
            move || drop(engine.bridge.borrow_mut().take())
        });
    }
    engine
}
