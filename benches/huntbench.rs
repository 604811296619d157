//! Criterion benchmarks: each reader over generated exports, and the hunt over stored columns
//! beside what the page computes from its result (near misses, their explanations, the window
//! sensitivity curve), so each can be held against the hunt itself.
//!
//! `cargo bench --bench huntbench` (add `-- reader` or `-- hunt` to pick a group). Inputs come
//! from the scenario generator with fixed seeds, so runs compare like with like.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use huntbench::engine::explore::{explain, sensitivity};
use huntbench::engine::{self, near_misses, HuntParams};
use huntbench::ingest::{ReadOptions, LoadedFiles};
use huntbench::scenario::{Config, Format, Scenario};

fn events_file(format: Format, events: usize) -> Vec<u8> {
    let scenario = Scenario::generate(&Config::new(42, events / 10, events, format));
    let mut out = Vec::new();
    scenario.write_events(&mut out).expect("writing to memory");
    out
}

fn readers(c: &mut Criterion) {
    let mut group = c.benchmark_group("reader");
    group.sample_size(10);
    for format in Format::ALL {
        let bytes = events_file(format, 100_000);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(format.name()), &bytes, |b, bytes| {
            b.iter(|| {
                let mut bench = LoadedFiles::new();
                bench.load("events", bytes.as_slice(), &ReadOptions::default());
                assert_eq!(bench.files[0].rows_skipped, 0);
                bench.data.logons.len()
            })
        });
    }
    group.finish();
}

fn hunt(c: &mut Criterion) {
    let scenario = Scenario::generate(&Config::new(7, 50_000, 500_000, Format::Csv));
    let mut bench = LoadedFiles::new();
    for (name, bytes) in scenario.files().into_iter().take(2) {
        bench.load(&name, bytes.as_slice(), &ReadOptions::default());
    }
    let params = HuntParams::default();
    let mut group = c.benchmark_group("hunt");
    group.sample_size(10);
    group.throughput(Throughput::Elements((bench.data.alerts.len() + bench.data.logons.len()) as u64));
    group.bench_function("run 50k alerts x 500k events", |b| b.iter(|| engine::run(&bench.data, &params).rows.len()));
    let result = engine::run(&bench.data, &params);
    group.bench_function("near misses", |b| b.iter(|| near_misses(&bench.data, &params, &result).len()));
    group.bench_function("sensitivity 0 to 120m", |b| b.iter(|| sensitivity(&bench.data, &params, &result, 120).points.len()));
    group.bench_function("explain", |b| b.iter(|| explain(&bench.data, &params, &result).len()));
    group.finish();
}

criterion_group!(benches, readers, hunt);
criterion_main!(benches);
