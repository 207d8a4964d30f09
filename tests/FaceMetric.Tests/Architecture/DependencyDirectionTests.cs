using System.Reflection;
using System.Reflection.Emit;
using Xunit.Abstractions;

namespace FaceMetric.Tests.Architecture;

/// <summary>
/// The pipeline's arrows run left to right (docs/ARCHITECTURE.md): a step may use the steps before it and the leaves,
/// never a step after it. Checked on what the compiled code really references — signatures, fields, base types and
/// every type, method and field token in the method bodies — not on <c>using</c> lines.
/// </summary>
public sealed class DependencyDirectionTests(ITestOutputHelper output)
{
    /// <summary>Leaves use nothing of the pipeline; each step's rank is its place from left to right.</summary>
    private static readonly Dictionary<string, int> Ranks = new(StringComparer.Ordinal)
    {
        ["FaceMetric.Geometry"] = 0,
        ["FaceMetric.Numerics"] = 0,
        ["FaceMetric.IO"] = 0,
        ["FaceMetric.Common"] = 0,
        ["FaceMetric.Onnx"] = 0,
        ["FaceMetric.Imaging"] = 1,
        ["FaceMetric.Imaging.Jpeg"] = 1,
        ["FaceMetric.Detection"] = 2,
        ["FaceMetric.Detection.Hog"] = 2,
        ["FaceMetric.Landmarks"] = 3,
        ["FaceMetric.Alignment"] = 4,
        ["FaceMetric.Embedding"] = 5,
        ["FaceMetric.Pipeline"] = 6,
        ["FaceMetric.Matching"] = 7,
        ["FaceMetric.Identification"] = 8,
        ["FaceMetric.Clustering"] = 8,
        ["FaceMetric.Metric"] = 9,
        ["FaceMetric.Evaluation"] = 10,
        ["FaceMetric.DependencyInjection"] = 11,
    };

    /// <summary>Root-namespace types that every step may throw or take (the rest of the root is the pipeline facade).</summary>
    private static readonly HashSet<string> CommonRootTypes = new(StringComparer.Ordinal)
    {
        "FaceMetric.FaceMetricException", "FaceMetric.FaceModelException",
    };

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    [Fact]
    public void NoStepOfTheLibraryReferencesAStepToItsRight()
    {
        Assembly library = typeof(FaceAnalyzer).Assembly;
        var violations = new SortedSet<string>(StringComparer.Ordinal);
        int edges = 0;
        foreach (Type type in library.GetTypes())
        {
            string from = Area(type);
            foreach (Type used in References(type).Where(t => t.Assembly == library))
            {
                edges++;
                string to = Area(used);
                if (Ranks[to] > Ranks[from] || (Ranks[to] == Ranks[from] && Ranks[to] > 0 && !SameStep(from, to)))
                {
                    violations.Add($"{Outer(type).FullName} ({from}) -> {Outer(used).FullName} ({to})");
                }
            }
        }

        output.WriteLine($"{edges} type references checked; {violations.Count} against the direction");
        foreach (string v in violations)
        {
            output.WriteLine(v);
        }

        Assert.True(edges > 400, "the scan found too few references to be a real check");
        Assert.Empty(violations);
    }

    [Fact]
    public void TheCheckFindsABackwardsArrowWhenThereIsOne()
    {
        // The scanner must see a body-only reference: Alignment's FaceAligner is used inside FaceAnalyzer's methods.
        Assert.Contains(typeof(FaceMetric.Alignment.FaceAligner), References(typeof(FaceAnalyzer)));
        Assert.Equal(6, Ranks[Area(typeof(FaceAnalyzer))]);
        Assert.Equal(4, Ranks[Area(typeof(FaceMetric.Alignment.FaceAligner))]);
    }

    private static bool SameStep(string a, string b) =>
        a == b || a.StartsWith(b + ".", StringComparison.Ordinal) || b.StartsWith(a + ".", StringComparison.Ordinal);

    private static Type Outer(Type t)
    {
        while (t.DeclaringType is not null)
        {
            t = t.DeclaringType;
        }

        return t;
    }

    private static string Area(Type type)
    {
        Type outer = Outer(type);
        string ns = outer.Namespace ?? "FaceMetric.Common";
        if (ns == "Microsoft.Extensions.DependencyInjection")
        {
            return "FaceMetric.DependencyInjection"; // AddFaceMetric lives in the container's namespace by convention
        }

        if (ns == "FaceMetric")
        {
            return CommonRootTypes.Contains(outer.FullName!) ? "FaceMetric.Common" : "FaceMetric.Pipeline";
        }

        return Ranks.ContainsKey(ns) ? ns : throw new InvalidOperationException($"namespace {ns} of {outer.FullName} has no rank: add it to the table");
    }

    private static HashSet<Type> References(Type type)
    {
        var found = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t is null)
            {
                return;
            }

            if (t.HasElementType)
            {
                Add(t.GetElementType());
                return;
            }

            if (t.IsGenericType && !t.IsGenericTypeDefinition)
            {
                foreach (Type a in t.GetGenericArguments())
                {
                    Add(a);
                }

                t = t.GetGenericTypeDefinition();
            }

            if (!t.IsGenericParameter)
            {
                found.Add(t);
            }
        }

        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        Add(type.BaseType);
        foreach (Type i in type.GetInterfaces())
        {
            Add(i);
        }

        foreach (FieldInfo f in type.GetFields(All))
        {
            Add(f.FieldType);
        }

        foreach (MethodBase m in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
        {
            if (m is MethodInfo mi)
            {
                Add(mi.ReturnType);
            }

            foreach (ParameterInfo p in m.GetParameters())
            {
                Add(p.ParameterType);
            }

            foreach (Type t in BodyReferences(m))
            {
                Add(t);
            }
        }

        foreach (PropertyInfo p in type.GetProperties(All))
        {
            Add(p.PropertyType);
        }

        found.Remove(type);
        return found;
    }

    /// <summary>Types named by the type, method and field tokens of a method body's IL.</summary>
    private static IEnumerable<Type> BodyReferences(MethodBase method)
    {
        byte[]? il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }

        Type[]? typeArgs = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        Type[]? methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        int pos = 0;
        while (pos < il.Length)
        {
            short value = il[pos] == 0xFE ? (short)(0xFE00 | il[pos + 1]) : il[pos];
            pos += il[pos] == 0xFE ? 2 : 1;
            OpCode op = OpCodesByValue[value];
            int size = op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, pos)),
                _ => 4,
            };
            if (op.OperandType is OperandType.InlineType or OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok)
            {
                MemberInfo? member = null;
                try
                {
                    member = method.Module.ResolveMember(BitConverter.ToInt32(il, pos), typeArgs, methodArgs);
                }
                catch (ArgumentException)
                {
                    // A token whose generic context cannot be rebuilt here; the signatures still name its types.
                }

                switch (member)
                {
                    case Type t:
                        yield return t;
                        break;
                    case MethodBase m when m.DeclaringType is not null:
                        yield return m.DeclaringType;
                        if (m is MethodInfo mi)
                        {
                            yield return mi.ReturnType;
                        }

                        foreach (ParameterInfo p in m.GetParameters())
                        {
                            yield return p.ParameterType;
                        }

                        break;
                    case FieldInfo f when f.DeclaringType is not null:
                        yield return f.DeclaringType;
                        yield return f.FieldType;
                        break;
                }
            }

            pos += size;
        }
    }
}
