using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Writing;

namespace ModelGen.Fuzzing.Generation
{
    /// <summary>
    /// A float tensor of a random graph as the generator tracks it: its run-time dims, which axes are symbolic, and
    /// what the templates need to stay valid (a magnitude bound, whether its values are computed exactly).
    /// </summary>
    internal sealed class GenTensor
    {
        public GenTensor(string name, int[] dims, string?[] symbols, double bound, bool exact, int reduction)
        {
            Name = name;
            Dims = dims;
            Symbols = symbols;
            Bound = bound;
            Exact = exact;
            Reduction = reduction;
        }

        public string Name { get; }

        /// <summary>The dims at run time (a symbolic axis holds the value it is bound to).</summary>
        public int[] Dims { get; }

        /// <summary>Per axis, the symbolic dim's name ("N") or null for a fixed size.</summary>
        public string?[] Symbols { get; }

        /// <summary>An upper bound of |value|: keeps Exp, Pow and long products finite.</summary>
        public double Bound { get; }

        /// <summary>
        /// True when every runtime must compute exactly these values (inputs, and Relu/Abs/Max/views... of exact values),
        /// so discontinuous ops (comparisons, Floor, Cast to int) may use it: on rounded values both sides may land on
        /// either side of a step, which is no miscompile.
        /// </summary>
        public bool Exact { get; }

        /// <summary>The longest chain of accumulations (sum of reduction lengths) behind the value: scales atol.</summary>
        public int Reduction { get; }

        public int Rank => Dims.Length;

        /// <summary>Float, except for the conditions and casts inside a template (never live, never an output).</summary>
        public ElementType Type { get; set; } = ElementType.Float;

        public long Count => Dims.Aggregate(1L, (a, b) => a * b);

        public bool IsStatic(int axis) => Symbols[axis] == null;

        public bool AllStatic => Symbols.All(s => s == null);

        public object?[] Declared => Dims.Select((d, i) => Symbols[i] != null ? (object?)Symbols[i] : d).ToArray();

        public string ShapeText => "[" + string.Join(",", Declared.Select(d => Convert.ToString(d, CultureInfo.InvariantCulture))) + "]";
    }

    /// <summary>One attribute of a generated node, kept as data so a recipe can be printed and rebuilt.</summary>
    internal sealed class GenAttribute
    {
        public GenAttribute(string name, object value)
        {
            Name = name;
            Value = value;
        }

        public string Name { get; }

        /// <summary>long, float, long[], float[] or string.</summary>
        public object Value { get; }

        public void Apply(OnnxAttributeBuilder a)
        {
            switch (Value)
            {
                case long l: a.Int(Name, l); break;
                case float f: a.Float(Name, f); break;
                case long[] ls: a.Ints(Name, ls); break;
                case float[] fs: a.Floats(Name, fs); break;
                case string text: a.String(Name, text); break;
                default: throw new InvalidOperationException("attribute " + Name + " has a value of type " + Value.GetType().Name);
            }
        }

        public override string ToString() => Name + "=" + (Value switch
        {
            long[] ls => "[" + string.Join(",", ls) + "]",
            float[] fs => "[" + string.Join(",", fs.Select(f => f.ToString("R", CultureInfo.InvariantCulture))) + "]",
            float f => f.ToString("R", CultureInfo.InvariantCulture),
            _ => Convert.ToString(Value, CultureInfo.InvariantCulture),
        });
    }

    /// <summary>A constant of a generated graph: float data, or int64 (shapes, axes, indices).</summary>
    internal sealed class GenInitializer
    {
        public GenInitializer(string name, int[] dims, float[]? floats, long[]? longs)
        {
            Name = name;
            Dims = dims;
            Floats = floats;
            Longs = longs;
        }

        public string Name { get; }
        public int[] Dims { get; }
        public float[]? Floats { get; }
        public long[]? Longs { get; }
    }

    internal sealed class GenNode
    {
        public GenNode(string op, string[] inputs, string[] outputs, GenAttribute[] attributes, string template)
        {
            Op = op;
            Inputs = inputs;
            Outputs = outputs;
            Attributes = attributes;
            Template = template;
        }

        public string Op { get; }
        public string[] Inputs { get; }
        public string[] Outputs { get; }
        public GenAttribute[] Attributes { get; }

        /// <summary>The op template that wrote the node (the counts by op are per template).</summary>
        public string Template { get; }

        public GenNode WithInputs(string[] inputs) => new GenNode(Op, inputs, Outputs, Attributes, Template);

        public override string ToString() =>
            string.Join(",", Outputs) + " = " + Op + "(" + string.Join(", ", Inputs) + ")" + (Attributes.Length > 0 ? " {" + string.Join(" ", Attributes.Select(a => a.ToString())) + "}" : "");
    }

    /// <summary>
    /// A random valid graph as a recipe: graph inputs with their run-time values, constants, nodes in topological order
    /// and the outputs. <see cref="ToBytes"/> writes it with <see cref="OnnxModelBuilder"/>; the minimiser edits recipes.
    /// </summary>
    internal sealed class GenGraph
    {
        public GenGraph(long seed, int opset, IReadOnlyList<GenTensor> inputs, IReadOnlyList<float[]> inputValues,
            IReadOnlyList<GenInitializer> initializers, IReadOnlyList<GenNode> nodes, IReadOnlyList<GenTensor> tensors, IReadOnlyList<string> outputs)
        {
            Seed = seed;
            Opset = opset;
            Inputs = inputs;
            InputValues = inputValues;
            Initializers = initializers;
            Nodes = nodes;
            Tensors = tensors;
            Outputs = outputs;
        }

        public long Seed { get; }
        public int Opset { get; }
        public IReadOnlyList<GenTensor> Inputs { get; }
        public IReadOnlyList<float[]> InputValues { get; }
        public IReadOnlyList<GenInitializer> Initializers { get; }
        public IReadOnlyList<GenNode> Nodes { get; }

        /// <summary>Every float tensor the graph computes (inputs and node outputs), by which outputs are declared.</summary>
        public IReadOnlyList<GenTensor> Tensors { get; }

        public IReadOnlyList<string> Outputs { get; }

        public GenTensor Tensor(string name) => Tensors.First(t => t.Name == name);

        public IEnumerable<string> Templates => Nodes.Select(n => n.Template).Distinct();

        public GenGraph With(IReadOnlyList<GenNode> nodes, IReadOnlyList<string> outputs) =>
            new GenGraph(Seed, Opset, Inputs, InputValues, Initializers, nodes, Tensors, outputs);

        /// <summary>The model with <see cref="Outputs"/> as its outputs; only what they need is written.</summary>
        public byte[] ToBytes() => Build(Outputs).ToBytes();

        /// <summary>The same graph with every float tensor it computes as an output too (ONNX Runtime's probe of magnitudes).</summary>
        public byte[] ToProbeBytes() => Build(Outputs.Concat(Live().Where(n => !Outputs.Contains(n) && Tensor(n).Type == ElementType.Float && !Inputs.Any(i => i.Name == n))).ToList()).ToBytes();

        /// <summary>The node outputs the declared outputs depend on, inputs included.</summary>
        public IReadOnlyList<string> Live()
        {
            var needed = new HashSet<string>(Outputs, StringComparer.Ordinal);
            foreach (var n in Nodes.Reverse())
                if (n.Outputs.Any(needed.Contains)) foreach (var i in n.Inputs) needed.Add(i);
            return Tensors.Where(t => needed.Contains(t.Name)).Select(t => t.Name).ToList();
        }

        /// <summary>The names <paramref name="output"/> depends on (itself included).</summary>
        public HashSet<string> Ancestors(string output)
        {
            var needed = new HashSet<string>(StringComparer.Ordinal) { output };
            foreach (var n in Nodes.Reverse())
                if (n.Outputs.Any(needed.Contains)) foreach (var i in n.Inputs) needed.Add(i);
            return needed;
        }

        private OnnxModelBuilder Build(IReadOnlyList<string> outputs)
        {
            var needed = new HashSet<string>(outputs, StringComparer.Ordinal);
            var nodes = new List<GenNode>();
            foreach (var n in Nodes.Reverse())
            {
                if (!n.Outputs.Any(needed.Contains)) continue;
                nodes.Add(n);
                foreach (var i in n.Inputs) needed.Add(i);
            }
            nodes.Reverse();
            var b = new OnnxModelBuilder("random_" + Seed.ToString(CultureInfo.InvariantCulture), Opset);
            foreach (var t in Inputs) b.Input(t.Name, ElementType.Float, t.Declared);
            foreach (var init in Initializers)
            {
                if (!needed.Contains(init.Name)) continue;
                if (init.Floats != null) b.Initializer(init.Name, init.Dims, init.Floats);
                else b.Initializer(init.Name, init.Dims, init.Longs!);
            }
            int k = 0;
            foreach (var n in nodes)
            {
                var node = n;
                b.Node(n.Op, n.Inputs, n.Outputs, name: "n" + (k++).ToString(CultureInfo.InvariantCulture) + "_" + n.Op,
                    attributes: n.Attributes.Length == 0 ? null : a => { foreach (var at in node.Attributes) at.Apply(a); });
            }
            foreach (var o in outputs) b.Output(o, Tensor(o).Type, Tensor(o).Declared);
            return b;
        }

        /// <summary>A readable recipe: what a bug report or a regression test needs to rebuild the graph.</summary>
        public string Describe()
        {
            var s = new StringBuilder();
            s.AppendLine("seed " + Seed.ToString(CultureInfo.InvariantCulture) + ", opset " + Opset.ToString(CultureInfo.InvariantCulture));
            foreach (var t in Inputs) s.AppendLine("input " + t.Name + " " + t.ShapeText + " run as [" + string.Join(",", t.Dims) + "]");
            var live = new HashSet<string>(Live(), StringComparer.Ordinal);
            foreach (var i in Initializers.Where(i => Nodes.Any(n => live.Contains(n.Outputs[0]) && n.Inputs.Contains(i.Name))))
                s.AppendLine("const " + i.Name + " [" + string.Join(",", i.Dims) + "] " +
                             (i.Longs != null ? "int64 {" + string.Join(",", i.Longs) + "}" : "float" + (i.Floats!.Length <= 16 ? " {" + string.Join(",", i.Floats.Select(f => f.ToString("R", CultureInfo.InvariantCulture))) + "}" : " (" + i.Floats.Length + " values)")));
            foreach (var n in Nodes.Where(n => n.Outputs.Any(live.Contains))) s.AppendLine(n.ToString());
            s.AppendLine("outputs " + string.Join(", ", Outputs.Select(o => o + " " + Tensor(o).ShapeText)));
            return s.ToString();
        }
    }
}
