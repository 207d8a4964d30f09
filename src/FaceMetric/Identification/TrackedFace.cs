namespace FaceMetric.Identification;

/// <summary>What <see cref="IdentityTracker.Add"/> decided for one face. Immutable value.</summary>
/// <param name="FaceIndex">The face's position in the stream: 0 for the first face added, then 1, 2, ...</param>
/// <param name="Identity">The identity it was assigned: 0 for the first identity opened, then 1, 2, ...</param>
/// <param name="IsNewIdentity">True when the face opened a new identity (no earlier face was under the threshold).</param>
/// <param name="Distance">
/// For a known identity, the distance to its nearest earlier face (under the threshold); for a new identity, the
/// distance to the nearest earlier face of any identity (not under the threshold), or +infinity for the first face.
/// </param>
public readonly record struct TrackedFace(int FaceIndex, int Identity, bool IsNewIdentity, float Distance);
