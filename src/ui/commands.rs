//! What the analyst can do, as callbacks: each dispatches its action and, when the engine must
//! know, sends the worker its request. `use_commands` makes them for `App`.

use std::rc::Rc;
use std::cell::RefCell;

use yew::prelude::*;

use super::engine::Engine;
use super::state::{Action, Theme, PageState};
use crate::boundary::{FileHandle, WorkerRequest};
use crate::engine::HuntParams;
use crate::ingest::{DateOrder, ReadOptions};
use crate::view::PivotEntity;

/// Keys for files, taken here rather than in the reducer so two quick drops never share one.
#[derive(Clone)]
struct FileKeys(Rc<RefCell<u32>>);

impl FileKeys {
    fn take(&self) -> u32 {
        let key = *self.0.borrow();
        *self.0.borrow_mut() += 1;
        key
    }
}

pub struct Commands {
    pub on_files: Callback<Vec<web_sys::File>>,
    pub on_sample: Callback<String>,
    pub on_remove: Callback<u32>,
    pub on_date_order: Callback<(u32, DateOrder)>,
    pub on_cancel: Callback<()>,
    pub on_self_test: Callback<MouseEvent>,
    pub on_params: Callback<HuntParams>,
    pub on_select: Callback<Option<usize>>,
    pub on_filter: Callback<String>,
    pub on_sort: Callback<usize>,
    pub on_theme: Callback<MouseEvent>,
    pub on_pivot: Callback<Option<PivotEntity>>,
}

#[hook]
pub fn use_commands(state: &UseReducerHandle<PageState>, engine: &Engine) -> Commands {
    let keys = FileKeys(use_mut_ref(|| 1u32));
    let dispatch = state.dispatcher();
    Commands {
        on_files: add_files(engine, &dispatch, &keys),
        on_sample: load_sample(engine, &dispatch, &keys),
        on_remove: remove(engine, &dispatch),
        on_date_order: reread(engine, &dispatch),
        on_cancel: cancel(engine, &dispatch),
        on_self_test: self_test(engine, &dispatch, &keys),
        on_params: set_params(engine, &dispatch),
        on_select: dispatching(&dispatch, Action::SelectGroup),
        on_filter: dispatching(&dispatch, Action::SetFilter),
        on_sort: dispatching(&dispatch, Action::SortBy),
        on_theme: next_theme(&dispatch, state.theme),
        on_pivot: pivot(engine, &dispatch),
    }
}

/// A callback that turns its value into an action.
fn dispatching<T: 'static>(dispatch: &UseReducerDispatcher<PageState>, make: fn(T) -> Action) -> Callback<T> {
    let dispatch = dispatch.clone();
    Callback::from(move |value| dispatch.dispatch(make(value)))
}

fn add_files(engine: &Engine, dispatch: &UseReducerDispatcher<PageState>, keys: &FileKeys) -> Callback<Vec<web_sys::File>> {
    let (engine, dispatch, keys) = (engine.clone(), dispatch.clone(), keys.clone());
    Callback::from(move |files: Vec<web_sys::File>| {
        let handles: Vec<FileHandle> = files.into_iter().map(|file| FileHandle { key: keys.take(), file }).collect();
        for handle in &handles {
            engine.send(WorkerRequest::AddFile { handle: handle.clone(), options: ReadOptions::default() });
        }
        dispatch.dispatch(Action::Queue(handles));
    })
}

fn load_sample(engine: &Engine, dispatch: &UseReducerDispatcher<PageState>, keys: &FileKeys) -> Callback<String> {
    let (engine, dispatch, keys) = (engine.clone(), dispatch.clone(), keys.clone());
    Callback::from(move |id: String| {
        let key = keys.take();
        let label = crate::samples::SAMPLES.iter().find(|s| s.id == id).map_or(id.clone(), |s| format!("Sample: {}", s.label));
        dispatch.dispatch(Action::QueueSample { key, id: id.clone(), label });
        engine.send(WorkerRequest::LoadSample { id, key });
    })
}

fn remove(engine: &Engine, dispatch: &UseReducerDispatcher<PageState>) -> Callback<u32> {
    let (engine, dispatch) = (engine.clone(), dispatch.clone());
    Callback::from(move |key: u32| {
        dispatch.dispatch(Action::Remove(key));
        engine.send(WorkerRequest::RemoveFile { key });
    })
}

/// Reads a file again with the day/month order the analyst chose.
fn reread(engine: &Engine, dispatch: &UseReducerDispatcher<PageState>) -> Callback<(u32, DateOrder)> {
    let (engine, dispatch) = (engine.clone(), dispatch.clone());
    Callback::from(move |(key, order): (u32, DateOrder)| {
        let state = engine.latest();
        let Some(handle) = state.files.iter().find(|f| f.key == key).and_then(|f| f.handle.clone()) else { return };
        let options = ReadOptions { date_order: Some(order), ..ReadOptions::default() };
        dispatch.dispatch(Action::Reread(key, options.clone()));
        engine.send(WorkerRequest::RemoveFile { key });
        engine.send(WorkerRequest::AddFile { handle, options });
    })
}

fn cancel(engine: &Engine, dispatch: &UseReducerDispatcher<PageState>) -> Callback<()> {
    let (engine, dispatch) = (engine.clone(), dispatch.clone());
    Callback::from(move |_| {
        dispatch.dispatch(Action::Cancel);
        engine.restart(true, None);
    })
}

/// Crashes the worker on purpose (`#selftest-panic`).
fn self_test(engine: &Engine, dispatch: &UseReducerDispatcher<PageState>, keys: &FileKeys) -> Callback<MouseEvent> {
    let (engine, dispatch, keys) = (engine.clone(), dispatch.clone(), keys.clone());
    Callback::from(move |_: MouseEvent| {
        let key = keys.take();
        dispatch.dispatch(Action::QueueSample { key, id: "selftest".into(), label: "Self-test: a deliberate crash".into() });
        engine.send(WorkerRequest::SelfTestPanic { key });
    })
}

fn set_params(engine: &Engine, dispatch: &UseReducerDispatcher<PageState>) -> Callback<HuntParams> {
    let (engine, dispatch) = (engine.clone(), dispatch.clone());
    Callback::from(move |params: HuntParams| {
        dispatch.dispatch(Action::SetParams(params.clone()));
        engine.send(WorkerRequest::SetParams { params });
    })
}

/// Pivots onto an account or address, or back (`None`).
fn pivot(engine: &Engine, dispatch: &UseReducerDispatcher<PageState>) -> Callback<Option<PivotEntity>> {
    let (engine, dispatch) = (engine.clone(), dispatch.clone());
    Callback::from(move |entity: Option<PivotEntity>| {
        dispatch.dispatch(Action::Pivot(entity.clone()));
        engine.send(WorkerRequest::SetPivot { entity });
    })
}

/// System, then dark, then light, then system again.
fn next_theme(dispatch: &UseReducerDispatcher<PageState>, theme: Theme) -> Callback<MouseEvent> {
    let dispatch = dispatch.clone();
    Callback::from(move |_| {
        dispatch.dispatch(Action::SetTheme(match theme {
            Theme::System => Theme::Dark,
            Theme::Dark => Theme::Light,
            Theme::Light => Theme::System,
        }))
    })
}
