#!/usr/bin/env bash
# identify from a saved gallery file vs from the known folder on face_recognition's k-NN example: times (3 reps) and a byte
# comparison of the answers. Needs a built CLI (dotnet build samples/FaceMetric.Cli). Output: docs/results/gallery_knn_identify.txt
cd "$(dirname "$0")/.."
K=../shared/data/face_recognition/examples/knn_examples; CLI="dotnet samples/FaceMetric.Cli/bin/Debug/net10.0/FaceMetric.Cli.dll"; G="$(mktemp -d)/knn.fmgallery"
rm -f $G
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(hostname), $(nproc) cores shared with other jobs, Debug build; wall / CPU (user+sys) seconds"
/usr/bin/time -f "gallery enroll knn.fmgallery train/ (9 photos, once): wall %e s, cpu %U+%S s" $CLI gallery enroll $G $K/train
for r in 1 2 3; do
  /usr/bin/time -f "rep $r identify --gallery knn.fmgallery test/ (5 photos): wall %e s, cpu %U+%S s" $CLI identify --gallery $G $K/test >"$G.file.txt"
  /usr/bin/time -f "rep $r identify --gallery train/ test/ (9 + 5 photos): wall %e s, cpu %U+%S s" $CLI identify --gallery $K/train $K/test >"$G.dir.txt"
done
cmp "$G.file.txt" "$G.dir.txt" && echo "the two answer lists are byte-identical:" && cat "$G.file.txt"
