#!/usr/bin/env python3
"""Writes src/FaceMetric/Alignment/FaceApiToDlibOffsets.cs from the offsets eval.cs fitted (--bias-out FILE)."""
import sys
rows = [l.split('\t') for l in open(sys.argv[1]).read().split('\n') if l.strip()]
assert len(rows) == 68
def arr(i):
    vals = [f"{float(r[i]):.6f}f" for r in rows]
    return ',\n'.join('        ' + ', '.join(vals[j:j + 8]) for j in range(0, 68, 8))
open(sys.argv[2], 'w').write(f'''namespace FaceMetric.Alignment;

/// <summary>
/// The mean offset from face-api.js's 68 points to dlib's 68-point shape predictor's, per point, in the frame of dlib's
/// face chip (150 pixels, padding 0.25) that face-api's points define: fitted on the 3,418 LFW View 1 DevTrain faces
/// that dlib's HOG detector finds (HOG box, upsampled once, the face nearest the centre), never on DevTest or View 2.
/// Written by <c>tools/frontend-study</c> (<c>landmarks.cs</c>, <c>eval.cs bias --bias-out</c>, <c>offsets.py</c>);
/// used by <see cref="DlibCorrectedLandmarkDetector"/>.
/// </summary>
internal static class FaceApiToDlibOffsets
{{
    /// <summary>Offsets along the chip's x axis, in chip pixels, iBUG order.</summary>
    public static ReadOnlySpan<float> X => [
{arr(0)}];

    /// <summary>Offsets along the chip's y axis, in chip pixels, iBUG order.</summary>
    public static ReadOnlySpan<float> Y => [
{arr(1)}];
}}
''')
