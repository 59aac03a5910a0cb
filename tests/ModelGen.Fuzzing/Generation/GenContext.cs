using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelGen.Compiler.Ir;

namespace ModelGen.Fuzzing.Generation
{
    /// <summary>The graph being generated: the live tensors templates pick from, and the nodes and constants written so far.</summary>
    internal sealed class GenContext
    {
        /// <summary>Magnitudes above this are avoided: float32 keeps 7 digits, and atol scales with the magnitude.</summary>
        public const double MaxBound = 1000;

        private readonly List<GenNode> _nodes = new List<GenNode>();
        private readonly List<GenInitializer> _initializers = new List<GenInitializer>();
        private readonly List<GenTensor> _tensors = new List<GenTensor>();
        private int _names;
        private string _template = "";

        public GenContext(Random random, int opset)
        {
            Random = random;
            Opset = opset;
        }

        public Random Random { get; }
        public int Opset { get; }
        public IReadOnlyList<GenNode> Nodes => _nodes;
        public IReadOnlyList<GenInitializer> Initializers => _initializers;
        public IReadOnlyList<GenTensor> Tensors => _tensors;

        /// <summary>Tensors a node may read: every float tensor so far (the most recent are picked more often).</summary>
        public List<GenTensor> Live { get; } = new List<GenTensor>();

        public void Begin(string template) => _template = template;

        public GenTensor AddInput(string name, int[] dims, string?[] symbols)
        {
            var t = new GenTensor(name, dims, symbols, 2, exact: true, reduction: 0);
            _tensors.Add(t);
            Live.Add(t);
            return t;
        }

        /// <summary>A live tensor, recent ones more likely, that <paramref name="fits"/>; null when none does.</summary>
        public GenTensor? Pick(Func<GenTensor, bool> fits)
        {
            var fitting = Live.Where(fits).ToList();
            if (fitting.Count == 0) return null;
            // Half the time one of the last three, so chains (where fusions happen) form.
            if (Random.Next(2) == 0) return fitting[Math.Max(0, fitting.Count - 1 - Random.Next(Math.Min(3, fitting.Count)))];
            return fitting[Random.Next(fitting.Count)];
        }

        public int Int(int min, int maxInclusive) => Random.Next(min, maxInclusive + 1);

        public bool Chance(double p) => Random.NextDouble() < p;

        public T OneOf<T>(params T[] items) => items[Random.Next(items.Length)];

        public float Uniform(double min, double max) => (float)(min + (max - min) * Random.NextDouble());

        private string NewName(string prefix) => prefix + (_names++).ToString(CultureInfo.InvariantCulture);

        /// <summary>A float constant with values in [min, max], negated at random when <paramref name="signed"/>.</summary>
        public string Constant(int[] dims, double min, double max, bool signed = true)
        {
            int count = dims.Aggregate(1, (a, b) => a * b);
            var data = new float[count];
            for (int i = 0; i < count; i++)
            {
                float v = Uniform(min, max);
                data[i] = signed && Random.Next(2) == 0 ? -v : v;
            }
            return Constant(dims, data);
        }

        public string Constant(int[] dims, float[] data)
        {
            string name = NewName("c");
            _initializers.Add(new GenInitializer(name, dims, data, null));
            return name;
        }

        public string Longs(params long[] values) => LongsShaped(new[] { values.Length }, values);

        public string LongsShaped(int[] dims, long[] values)
        {
            string name = NewName("i");
            _initializers.Add(new GenInitializer(name, dims, null, values));
            return name;
        }

        /// <summary>Adds a node with one float output of the given shape; the output becomes live.</summary>
        public GenTensor Node(string op, string[] inputs, int[] dims, string?[] symbols, double bound, bool exact, int reduction, params GenAttribute[] attributes)
        {
            var t = NodeMany(op, inputs, new[] { (dims, symbols) }, bound, exact, reduction, attributes)[0];
            return t;
        }

        public GenTensor[] NodeMany(string op, string[] inputs, (int[] Dims, string?[] Symbols)[] outputs, double bound, bool exact, int reduction, params GenAttribute[] attributes)
        {
            var made = outputs.Select(o => new GenTensor(NewName("t"), o.Dims, o.Symbols, Math.Max(bound, 1e-3), exact, reduction)).ToArray();
            _nodes.Add(new GenNode(op, inputs, made.Select(t => t.Name).ToArray(), attributes, _template));
            foreach (var t in made)
            {
                _tensors.Add(t);
                Live.Add(t);
            }
            return made;
        }

        /// <summary>Marks a node output as not float (a condition, an int32 cast): no float template may read it.</summary>
        public string Hide(GenTensor t, ElementType type)
        {
            t.Type = type;
            Live.Remove(t);
            return t.Name;
        }

        /// <summary>A node shaped like <paramref name="like"/> (elementwise).</summary>
        public GenTensor Same(string op, string[] inputs, GenTensor like, double bound, bool exact, int reduction, params GenAttribute[] attributes) =>
            Node(op, inputs, like.Dims, like.Symbols, bound, exact, reduction, attributes);

        public static GenAttribute A(string name, long value) => new GenAttribute(name, value);
        public static GenAttribute A(string name, float value) => new GenAttribute(name, value);
        public static GenAttribute A(string name, long[] value) => new GenAttribute(name, value);
        public static GenAttribute A(string name, string value) => new GenAttribute(name, value);
    }
}
