//! The HTTP server: route assembly, outer middleware, [`serve`] and the embeddable [`Emulator`].

use std::io;
use std::net::SocketAddr;
use std::thread::JoinHandle;

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::{Extension, Router};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::app::App;
use crate::cloud::Cloud;
use crate::config::EmulatorConfig;
use crate::s3::{self, S3Cloud};
use crate::{admin, faults, ionos, openstack, otc, stackit, stats};

/// Serve on an already bound listener until the future is dropped.
pub async fn serve(listener: TcpListener, config: EmulatorConfig) -> io::Result<()> {
    let app = App::new(&config)?;
    serve_app(listener, app).await
}

async fn serve_app(listener: TcpListener, app: App) -> io::Result<()> {
    axum::serve(listener, router(app)).await
}

/// All routes with their middleware, bound to the shared application object.
fn router(app: App) -> Router {
    let clouds = Cloud::ALL.into_iter().fold(Router::new(), |router, cloud| {
        router.merge(cloud_router(&app, cloud))
    });
    let s3 = S3Cloud::ALL
        .into_iter()
        .fold(Router::new(), |router, cloud| {
            router.merge(s3::router(&app, cloud))
        });
    Router::new()
        .merge(clouds)
        .merge(s3)
        .merge(ionos_router(&app))
        .merge(stackit_router(&app))
        .merge(admin::router())
        .fallback(openstack::errors::unknown_route)
        .layer(middleware::from_fn(request_id))
        .with_state(app)
}

/// The routes of one cloud with their middleware (AK/SK signatures on OTC, faults, stats),
/// bound to the cloud (handlers read it from the request's extensions).
fn cloud_router(app: &App, cloud: Cloud) -> Router<App> {
    let routes = match cloud {
        Cloud::Plusserver => openstack::router(cloud),
        Cloud::Otc => openstack::router(cloud)
            .merge(otc::router())
            .layer(middleware::from_fn(otc::verify_signature)),
    };
    routes
        .layer(middleware::from_fn_with_state(app.clone(), faults::inject))
        .layer(middleware::from_fn_with_state(app.clone(), stats::count))
        .layer(Extension(cloud))
        .layer(Extension(stats::Label(cloud.name())))
}

/// The IONOS routes with their middleware: credentials (checked after fault injection), faults,
/// stats (under `ionos`) and the rate limit headers on every response.
fn ionos_router(app: &App) -> Router<App> {
    ionos::router()
        .layer(middleware::from_fn_with_state(
            app.clone(),
            ionos::authenticate,
        ))
        .layer(middleware::from_fn_with_state(app.clone(), faults::inject))
        .layer(middleware::from_fn_with_state(app.clone(), stats::count))
        .layer(middleware::from_fn_with_state(
            ionos::RateLimitWindow::default(),
            ionos::rate_limit_headers,
        ))
        .layer(Extension(stats::Label("ionos")))
}

/// The STACKIT routes with their middleware: the Bearer token on the IaaS routes (checked after
/// fault injection), faults, stats (under `stackit`) and `X-Request-Id` on every response.
fn stackit_router(app: &App) -> Router<App> {
    stackit::iaas_router()
        .layer(middleware::from_fn_with_state(
            app.clone(),
            stackit::authenticate,
        ))
        .merge(stackit::public_router())
        .layer(middleware::from_fn_with_state(app.clone(), faults::inject))
        .layer(middleware::from_fn_with_state(app.clone(), stats::count))
        .layer(middleware::from_fn(stackit::request_id))
        .layer(Extension(stats::Label("stackit")))
}

/// Adds `X-Openstack-Request-Id: req-<uuid>` to every response and logs the request.
async fn request_id(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let id = format!("req-{}", uuid::Uuid::new_v4());
    let mut response = next.run(request).await;
    tracing::info!("{method} {path} -> {} ({id})", response.status().as_u16());
    if let Ok(value) = HeaderValue::from_str(&id) {
        response
            .headers_mut()
            .insert("x-openstack-request-id", value);
    }
    response
}

/// A running emulator on its own thread and tokio runtime; stops on drop.
pub struct Emulator {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Emulator {
    /// Starts an emulator on a free port; usable from synchronous and asynchronous code alike.
    pub fn start(config: EmulatorConfig) -> io::Result<Emulator> {
        Emulator::start_at(config, SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    /// Starts an emulator on `addr` (a restart on the address of one that stopped, say).
    pub fn start_at(config: EmulatorConfig, addr: SocketAddr) -> io::Result<Emulator> {
        let app = App::new(&config)?;
        let listener = std::net::TcpListener::bind(addr)?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name(format!("sovereign-emulator-{}", addr.port()))
            .spawn(move || {
                runtime.block_on(async move {
                    let listener = match TcpListener::from_std(listener) {
                        Ok(listener) => listener,
                        Err(e) => {
                            tracing::error!("emulator listener: {e}");
                            return;
                        }
                    };
                    tokio::select! {
                        result = serve_app(listener, app) => {
                            if let Err(e) = result {
                                tracing::error!("emulator stopped: {e}");
                            }
                        }
                        _ = stopped => {}
                    }
                });
            })?;
        Ok(Emulator {
            addr,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// Base URL, e.g. `http://127.0.0.1:40123` (no trailing slash).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The bound socket address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
