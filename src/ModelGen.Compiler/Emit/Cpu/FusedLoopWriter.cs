using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Expressions;

namespace ModelGen.Compiler.Emit.Cpu
{
    /// <summary>
    /// The CPU form of "elementwise.fused" calls: each call site becomes a private static method of the model class
    /// (named after the fused node, "Fused_Mul_219") whose body is the loop, specialised to the call's shape and strides:
    /// size-1 axes dropped and neighbouring axes merged where every operand is contiguous across them, outer loops over
    /// what remains with per-operand offsets, and the innermost run (every operand's stride 0 or 1) vectorised with
    /// Vector512/256/128, each width only where <c>VectorN.IsHardwareAccelerated</c>, then the scalar body for the tail,
    /// which is also the scalar twin. Operands broadcast along the run are read once per run. Static dims are literals;
    /// dims known only at run time come in as int parameters. Each span's length is checked once, at the top.
    /// </summary>
    internal sealed class FusedLoopWriter
    {
        private const string Intrinsics = "global::System.Runtime.Intrinsics.";
        private const string Marshal = "global::System.Runtime.InteropServices.MemoryMarshal.GetReference";

        private readonly List<string> _methods = new List<string>();
        private readonly HashSet<string> _names = new HashSet<string>(StringComparer.Ordinal);

        public int Count => _methods.Count;

        /// <summary>
        /// Generates the method for one fused call and returns the statement that calls it; <paramref name="valueOf"/> names
        /// the buffers and <paramref name="dim"/> renders a run-time dim as a C# int expression.
        /// </summary>
        public string Render(KernelCall call, Node node, Func<Value, string> valueOf, Func<Dim, string> dim)
        {
            var ins = call.Operands.OfType<BufferOperand>().Where(b => b.Role == BufferRole.In).ToList();
            var outs = call.Operands.OfType<BufferOperand>().Where(b => b.Role == BufferRole.Out).ToList();
            var exprs = call.Operands.OfType<ExprOperand>().Select(e => e.Expr).ToList();
            var shape = call.Operand<DimsOperand>("shape").Values;
            var strides = Enumerable.Range(0, ins.Count).Select(i => call.Operand<DimsOperand>("x" + i + "Strides").Values).ToList();
            var type = call.TypeArgs[0];
            string name = MethodName(node.Name);

            var parameters = new Parameters();
            var axes = Normalise(shape, strides);
            var w = new CodeWriter();
            string nodes = node.Attributes.TryGetValue("nodes", out var listed) && listed.Strings.Count > 0 ? string.Join(", ", listed.Strings) : node.Name;
            w.Line("// " + OneLine(nodes) + ": " + string.Join("; ", exprs.Select((e, k) => (exprs.Count == 1 ? "y" : "y" + k) + " = " + e.Text)));
            for (int i = 0; i < ins.Count; i++) w.Line("// " + ArgName(exprs, i) + " = '" + OneLine(ins[i].Value.Name) + "' " + IrPrinter.TypeText(ins[i].Value));
            string t = ElementTypes.CSharpName(type)!;
            var body = new CodeWriter();
            body.Open();
            for (int i = 0; i < ins.Count; i++) body.Line("global::ModelGen.Runtime.Kernels.Elementwise.Need(x" + Index(i) + ".Length, " + parameters.Of(ins[i].Value.Shape!.ElementCount) + ", \"x" + Index(i) + "\");");
            var count = parameters.Of(Product(shape));
            for (int k = 0; k < outs.Count; k++) body.Line("global::ModelGen.Runtime.Kernels.Elementwise.Need(y" + Index(k) + ".Length, " + count + ", \"y" + Index(k) + "\");");
            var inner = axes[axes.Count - 1];
            // Widths whose vector a static run can fill at least once (Vector128<float> holds 4: a run of 3 gets no vector code).
            var widths = new[] { 512, 256, 128 }.Where(bits => !inner.Extent.IsStatic || inner.Extent.Value * ElementTypes.SizeOf(type) * 8 >= bits).ToList();
            bool vector = IsVectorType(type) && exprs.All(ScalarCode.IsVectorizable) && inner.Strides.All(s => s.IsStatic && (s.Value == 0 || s.Value == 1)) && widths.Count > 0;
            if (vector)
            {
                for (int i = 0; i < ins.Count; i++)
                    if (!IsBroadcast(axes, i)) body.Line("ref " + t + " r" + Index(i) + " = ref " + Marshal + "(x" + Index(i) + ");");
                for (int k = 0; k < outs.Count; k++) body.Line("ref " + t + " ry" + Index(k) + " = ref " + Marshal + "(y" + Index(k) + ");");
            }
            body.Line("int o = 0;");
            Loops(body, axes, 0, ins.Count, outs.Count, exprs, t, vector ? widths : new List<int>(), parameters);
            body.Close();

            var signature = new List<string>();
            for (int i = 0; i < ins.Count; i++) signature.Add("global::System.ReadOnlySpan<" + t + "> x" + Index(i));
            for (int k = 0; k < outs.Count; k++) signature.Add("global::System.Span<" + t + "> y" + Index(k));
            signature.AddRange(parameters.Names.Select(p => "int " + p));
            w.Line("private static void " + name + "(" + string.Join(", ", signature) + ")");
            w.Append(body);
            _methods.Add(w.ToString());

            var args = ins.Select(b => valueOf(b.Value)).Concat(outs.Select(b => valueOf(b.Value))).Concat(parameters.Dims.Select(dim));
            return name + "(" + string.Join(", ", args) + ");";
        }

        /// <summary>Writes the methods, in the order their calls were rendered.</summary>
        public void Write(CodeWriter w)
        {
            foreach (var m in _methods)
            {
                foreach (var line in m.TrimEnd('\n').Split('\n')) w.Line(line.TrimStart().Length == 0 ? "" : line);
                w.Line();
            }
        }

        /// <summary>One loop axis after normalisation: its extent and each operand's stride along it.</summary>
        private sealed class Axis
        {
            public Axis(Dim extent, List<Dim> strides)
            {
                Extent = extent;
                Strides = strides;
            }

            public Dim Extent { get; }
            public List<Dim> Strides { get; }
        }

        /// <summary>
        /// Drops size-1 axes and merges an axis into the next inner one wherever every operand steps across both as one:
        /// stride(outer) = stride(inner) · extent(inner) (broadcast operands: 0 = 0 · extent). The output is dense, so it always
        /// merges. A scalar output is one axis of extent 1.
        /// </summary>
        private static List<Axis> Normalise(IReadOnlyList<Dim> shape, IReadOnlyList<IReadOnlyList<Dim>> strides)
        {
            var axes = new List<Axis>();
            for (int a = 0; a < shape.Count; a++)
            {
                if (shape[a].IsStatic && shape[a].Value == 1) continue;
                var s = strides.Select(x => x[a]).ToList();
                if (axes.Count > 0)
                {
                    var outer = axes[axes.Count - 1];
                    if (Enumerable.Range(0, s.Count).All(i => outer.Strides[i].Equals(s[i] * shape[a])))
                    {
                        axes[axes.Count - 1] = new Axis(outer.Extent * shape[a], s);
                        continue;
                    }
                }
                axes.Add(new Axis(shape[a], s));
            }
            if (axes.Count == 0) axes.Add(new Axis(Dim.One, strides.Select(_ => Dim.Zero).ToList()));
            return axes;
        }

        private static bool IsBroadcast(List<Axis> axes, int operand) => axes[axes.Count - 1].Strides[operand].Equals(Dim.Zero);

        /// <summary>
        /// The loop over axis <paramref name="level"/>: outer axes set each operand's offset (o{i}_{level}) and recurse; the
        /// innermost runs the row. The output offset 'o' advances by the run's length after each run.
        /// </summary>
        private static void Loops(CodeWriter w, List<Axis> axes, int level, int operands, int outputs, List<BoundExpr> exprs, string t, List<int> widths, Parameters p)
        {
            string Offset(int i, int l) => l == 0 ? "0" : "o" + Index(i) + "_" + Index(l - 1);
            if (level == axes.Count - 1)
            {
                Row(w, axes[level], Enumerable.Range(0, operands).Select(i => Offset(i, level)).ToList(), outputs, exprs, t, widths, p);
                return;
            }
            string iv = "i" + Index(level);
            w.Open("for (int " + iv + " = 0; " + iv + " < " + p.Of(axes[level].Extent) + "; " + iv + "++)");
            for (int i = 0; i < operands; i++)
            {
                var s = axes[level].Strides[i];
                string step = s.Equals(Dim.Zero) ? "" : s.IsStatic && s.Value == 1 ? " + " + iv : " + " + iv + " * " + p.Of(s);
                w.Line("int o" + Index(i) + "_" + Index(level) + " = " + (level == 0 ? (step.Length == 0 ? "0" : step.Substring(3)) : Offset(i, level) + step) + ";");
            }
            Loops(w, axes, level + 1, operands, outputs, exprs, t, widths, p);
            w.Close();
        }

        /// <summary>One innermost run of n elements: vector widths first (where accelerated), then the scalar tail.</summary>
        private static void Row(CodeWriter w, Axis axis, List<string> offsets, int outputs, List<BoundExpr> exprs, string t, List<int> widths, Parameters p)
        {
            int operands = offsets.Count;
            w.Open();
            w.Line("int n = " + p.Of(axis.Extent) + ";");
            w.Line("int i = 0;");
            // Operands fixed along the run are read once.
            for (int i = 0; i < operands; i++)
                if (axis.Strides[i].Equals(Dim.Zero)) w.Line(t + " c" + Index(i) + " = x" + Index(i) + "[" + offsets[i] + "];");
            foreach (int width in widths)
            {
                string v = Intrinsics + "Vector" + width;
                string vt = v + "<" + t + ">";
                w.Open("if (" + v + ".IsHardwareAccelerated && n - i >= " + vt + ".Count)");
                for (int i = 0; i < operands; i++)
                    if (axis.Strides[i].Equals(Dim.Zero)) w.Line(vt + " b" + Index(i) + " = " + v + ".Create(c" + Index(i) + ");");
                w.Open("for (; i <= n - " + vt + ".Count; i += " + vt + ".Count)");
                for (int i = 0; i < operands; i++)
                    if (!axis.Strides[i].Equals(Dim.Zero)) w.Line(vt + " v" + Index(i) + " = " + v + ".LoadUnsafe(ref r" + Index(i) + ", (nuint)(" + Plus(offsets[i], "i") + "));");
                for (int k = 0; k < outputs; k++)
                    w.Line(v + ".StoreUnsafe(" + ScalarCode.Vector(exprs[k], width, a => axis.Strides[a].Equals(Dim.Zero) ? "b" + Index(a) : "v" + Index(a)) + ", ref ry" + Index(k) + ", (nuint)(o + i));");
                w.Close();
                w.Close();
            }
            w.Open("for (; i < n; i++)");
            // Every operand is read before any output is written: an output may share its buffer with an operand.
            for (int i = 0; i < operands; i++)
            {
                if (axis.Strides[i].Equals(Dim.Zero)) continue;
                var s = axis.Strides[i];
                string at = s.IsStatic && s.Value == 1 ? Plus(offsets[i], "i") : Plus(offsets[i], "i * " + p.Of(s));
                w.Line(t + " s" + Index(i) + " = x" + Index(i) + "[" + at + "];");
            }
            for (int k = 0; k < outputs; k++)
                w.Line("y" + Index(k) + "[o + i] = " + ScalarCode.Scalar(exprs[k], a => axis.Strides[a].Equals(Dim.Zero) ? "c" + Index(a) : "s" + Index(a)) + ";");
            w.Close();
            w.Line("o += n;");
            w.Close();
        }

        private static string Plus(string offset, string term) => offset == "0" ? term : offset + " + " + term;

        /// <summary>The types whose expressions have VectorN forms (see <see cref="ScalarCode.IsVectorizable"/>).</summary>
        private static bool IsVectorType(ElementType t) => t == ElementType.Float || t == ElementType.Double || t == ElementType.Int32 || t == ElementType.Int64;

        private static Dim Product(IEnumerable<Dim> dims) => dims.Aggregate(Dim.One, (a, b) => a * b);

        /// <summary>The dims a method needs at run time, each an int parameter (d0, d1...) in order of first use.</summary>
        private sealed class Parameters
        {
            private readonly List<Dim> _dims = new List<Dim>();

            public IReadOnlyList<Dim> Dims => _dims;

            public IEnumerable<string> Names => _dims.Select((_, k) => "d" + Index(k));

            /// <summary>A literal for a static dim; the parameter that carries it otherwise.</summary>
            public string Of(Dim d)
            {
                if (d.IsStatic) return d.Value.ToString(CultureInfo.InvariantCulture);
                int k = _dims.IndexOf(d);
                if (k < 0)
                {
                    _dims.Add(d);
                    k = _dims.Count - 1;
                }
                return "d" + Index(k);
            }
        }

        /// <summary>"Fused_Mul_219" from the node's name, made a valid identifier and unique among the methods.</summary>
        private string MethodName(string nodeName)
        {
            var sb = new StringBuilder();
            foreach (char c in nodeName) sb.Append(c < 128 && (char.IsLetterOrDigit(c) || c == '_') ? c : '_');
            string stem = sb.Length == 0 || char.IsDigit(sb[0]) ? "Fused_" + sb : sb.ToString();
            string name = stem;
            for (int k = 2; !_names.Add(name); k++) name = stem + "_" + k.ToString(CultureInfo.InvariantCulture);
            return name;
        }

        /// <summary>The name the expressions give operand <paramref name="i"/> ("a", "b"...).</summary>
        private static string ArgName(List<BoundExpr> exprs, int i) =>
            exprs.SelectMany(e => e.Walk()).FirstOrDefault(x => x.IsArg && x.ArgIndex == i)?.ArgName ?? "x" + Index(i);

        private static string OneLine(string s) => s.Replace("\r", " ").Replace("\n", " ");

        private static string Index(int i) => i.ToString(CultureInfo.InvariantCulture);
    }
}
