//! The board a coordinator works on all day: three lanes, filters, drag and drop with mouse,
//! pen or finger (long press), and a "Move to…" dialog for keyboard, screen reader and phone.
use crate::board::api::load_board;
use crate::board::density::{use_density, Density};
use crate::board::dialogs::{BoardDialogs, Dialogs};
use crate::board::head::{BoardHead, FilterCodes};
use crate::board::hints::{DragHints, DragOverlay};
use crate::board::lanes::{BoardLanes, CardHandles, Lane, Visible};
use crate::board::live::use_board_live;
use crate::board::moves::Filter;
use crate::board::optimistic::{OptimisticMoves, ToastRegion, Toasts};
use crate::board::press::use_drag;
use crate::board::state::BoardState;
use crate::error::AppError;
use crate::i18n::*;
use crate::model::BoardData;
use crate::texts::error_message;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

/// Route `/board?office=…`.
#[component]
pub fn BoardPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let office = move || query.read().get("office");
    let data = crate::ui::load(office, load_board);
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(board) => view! { <Board board/> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <Redirect path="/login"/> }.into_any(),
                    Err(e) => view! {
                        <section class="welcome" role="alert">
                            <p>{move || error_message(i18n.get_locale(), &e)}</p>
                        </section>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

/// One office's board: puts its state, live stream, moves and drag together, and lays out the
/// head, the lanes, the drag's overlay, the dialogs and the messages.
#[component]
fn Board(board: BoardData) -> impl IntoView {
    let state = BoardState::new(&board);
    let toasts = Toasts::default();
    let live = use_board_live(state);
    let moves = OptimisticMoves::new(state, live.up, toasts);
    let dialogs = Dialogs::default();
    let drag = use_drag(state, live.holds, toasts, moves, dialogs.moving);
    let hints = DragHints::new(drag, state);
    let filter = RwSignal::new(Filter::default());
    let visible = Visible::new(state.lanes, filter);
    let lane = RwSignal::new(Lane::Waiting);
    let density = use_density();
    let cards = CardHandles {
        holds: live.holds,
        drag,
        hints,
        dialogs,
        moves,
    };

    view! {
        <div class="board" class:dragging=move || drag.active() class:compact=move || density.get() == Density::Compact>
            <BoardHead
                office=board.office.clone()
                offices=board.offices.clone()
                codes=FilterCodes::of(&board)
                dialogs=dialogs
                live=live
                filter=filter
                visible=visible
                lane=lane
                density=density
            />
            <BoardLanes lanes=state.lanes visible=visible lane=lane density=density cards=cards/>
            <DragOverlay drag=drag hints=hints/>
            <BoardDialogs dialogs=dialogs state=state moves=moves toasts=toasts/>
            <ToastRegion toasts=toasts/>
        </div>
    }
}
