#!/usr/bin/env bash
# Opens the REAL window under Xvfb and saves screenshots to target/screenshots/ (empty state, a
# classified image, an error, the dark theme). Optional argument: a folder of ONNX models to use
# (default: copies of the committed tiny fixtures; the real service either way).
#   src/test/screenshots.sh [MODELS_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
exec xvfb-run -a java -Dprism.order=sw \
  -cp "target/test-classes:target/classes:$(cat target/cp.txt)" \
  io.resnextexplorer.app.ScreenshotMain target/screenshots "$@"
