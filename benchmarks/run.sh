#!/usr/bin/env bash
# Runs every benchmark behind docs/results.md, writing its JSON (and plots) to
# benchmarks/results/, then regenerates docs/results.md and README's summary from them.
# About an hour on 2 cores; time nothing else meanwhile (no build, no training). One bench alone:
# `benchmarks/run.sh kodak` (names below).
set -euo pipefail
cd "$(dirname "$0")/.."
data=${LATENTSTREAM_DATA:-../shared/data}
out=benchmarks/results
mkdir -p "$out"
ls=bin/latentstream
clip() {  # name file fps [extra args]
  local name=$1 file=$2 fps=$3; shift 3
  $ls bench-video --video "$file" --frames-max 60 --fps "$fps" --quality all --baseline x264,mjpeg \
    --json "$out/video-$name.json" "$@"
}
run() {
  case $1 in
    kodak) $ls bench --images "$data/kodak" --quality all --baseline jpeg --reference-curves kodak --threads 2 \
             --json "$out/kodak.json" ;;
    encoders) for e in full int8; do
                $ls bench --images "$data/kodak" --quality all --baseline jpeg --encoder $e \
                  --json "$out/encoders-kodak-$e.json"
              done
              $ls bench-video --video "$data/video/intel-sample-videos/car-detection.mp4" --size 1280x720 \
                --frames-max 60 --fps 12.5 --quality all --modes inter --encoder full,int8 --change-threshold 0,3.0 \
                --json "$out/encoders-720p-car-detection.json" ;;
    decoders) $ls bench-decoders --images "$data/kodak" --threads 2 --json "$out/decoders.json" ;;
    video) clip car-detection "$data/video/intel-sample-videos/car-detection.mp4" 12.5
           clip one-by-one-person-detection "$data/video/intel-sample-videos/one-by-one-person-detection.mp4" 10
           clip video02 "$data/video/bgslibrary-traffic/video02.avi" 10
           clip video03 "$data/video/bgslibrary-traffic/video03.avi" 10 ;;
    sparse) for c in car-detection:intel-sample-videos/car-detection.mp4:12.5 \
               one-by-one-person-detection:intel-sample-videos/one-by-one-person-detection.mp4:10 \
               video02:bgslibrary-traffic/video02.avi:10 video03:bgslibrary-traffic/video03.avi:10; do
             IFS=: read -r name file fps <<< "$c"
             $ls bench-video --video "$data/video/$file" --size 1280x720 --frames-max 60 --fps "$fps" --quality all \
               --modes inter --change-threshold 0,3 --baseline x264-speed --json "$out/sparse-720p-$name.json"
           done ;;
    video-long) $ls bench-video --video "$data/video/intel-sample-videos/car-detection.mp4" --frames-max 300 \
             --fps 12.5 --quality all --modes inter --baseline x264 --json "$out/video-car-detection-300.json" ;;
    job) $ls bench-job --json "$out/job.json" ;;
    job-720p) $ls bench-job --size 1280x720 --cameras 4 --frames 40 --change-threshold 0,3 --json "$out/job-720p.json"
              $ls bench-job --source "$data/video/intel-sample-videos/one-by-one-person-detection.mp4" --size 1280x720 \
                --cameras 4 --frames 40 --change-threshold 0,3 --json "$out/job-720p-one-by-one-person-detection.json" ;;
    jmh) bin/latentstream-jmh EntropyCoderBenchmark CodecBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s \
             -rf json -rff "$out/jmh.json" ;;
    *) echo "no bench $1 (kodak, encoders, decoders, video, sparse, video-long, job, job-720p, jmh)" >&2; exit 2 ;;
  esac
}
for bench in "${@:-kodak encoders decoders video sparse video-long job job-720p jmh}"; do
  for b in $bench; do run "$b"; done
done
python3 benchmarks/results.py > docs/results.md
python3 benchmarks/results.py --readme README.md
