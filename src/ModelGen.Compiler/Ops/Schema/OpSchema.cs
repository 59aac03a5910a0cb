using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Ops.Schema
{
    /// <summary>One input or output of an op: its ONNX name, its type constraint, and the revisions that have it.</summary>
    internal sealed class ParameterSpec
    {
        public ParameterSpec(string name, string constraint, bool optional, bool variadic, int from, int upTo, bool heterogeneous = false)
        {
            IsHeterogeneous = heterogeneous;
            Name = name;
            Constraint = constraint;
            IsOptional = optional;
            IsVariadic = variadic;
            From = from;
            UpTo = upTo;
        }

        public string Name { get; }
        /// <summary>The type constraint's name ("T"), shared by parameters that must have the same element type.</summary>
        public string Constraint { get; }
        public bool IsOptional { get; }
        /// <summary>Takes any number (at least one) of tensors; only the last parameter can be variadic.</summary>
        public bool IsVariadic { get; }
        /// <summary>A variadic parameter whose tensors may each have their own element type (Scan's states and scan inputs).</summary>
        public bool IsHeterogeneous { get; }
        public int From { get; }
        public int UpTo { get; }
        public bool AppliesTo(int revision) => revision >= From && revision <= UpTo;
    }

    /// <summary>
    /// An op's signature as data: the revisions ModelGen implements, inputs and outputs with type constraints,
    /// and attributes. Resolution and inference check nodes against it (input counts, element types, attribute
    /// names, kinds and revisions) before the op's own inference runs; README's ops table is written from it.
    /// </summary>
    internal sealed class OpSchema
    {
        private readonly List<ParameterSpec> _inputs = new List<ParameterSpec>();
        private readonly List<ParameterSpec> _outputs = new List<ParameterSpec>();
        private readonly List<AttributeSpec> _attributes = new List<AttributeSpec>();
        private readonly Dictionary<string, IReadOnlyCollection<ElementType>> _types = new Dictionary<string, IReadOnlyCollection<ElementType>>(System.StringComparer.Ordinal);

        /// <param name="opType">The ONNX op type.</param>
        /// <param name="revisions">The op's since-versions whose semantics this implementation follows (ONNX's list, or a prefix of it).</param>
        /// <param name="domain">"" for ai.onnx.</param>
        public OpSchema(string opType, int[] revisions, string domain = "")
        {
            OpType = opType;
            Domain = domain;
            Revisions = revisions.OrderBy(r => r).ToArray();
        }

        public string OpType { get; }
        public string Domain { get; }
        public IReadOnlyList<int> Revisions { get; }
        public IReadOnlyList<ParameterSpec> Inputs => _inputs;
        public IReadOnlyList<ParameterSpec> Outputs => _outputs;
        public IReadOnlyList<AttributeSpec> Attributes => _attributes;
        public IReadOnlyDictionary<string, IReadOnlyCollection<ElementType>> TypeConstraints => _types;

        public OpSchema Input(string name, string constraint, bool optional = false, bool variadic = false, int from = 1, int upTo = int.MaxValue, bool heterogeneous = false)
        {
            _inputs.Add(new ParameterSpec(name, constraint, optional, variadic, from, upTo, heterogeneous));
            return this;
        }

        public OpSchema Output(string name, string constraint, bool optional = false, bool variadic = false, int from = 1, int upTo = int.MaxValue, bool heterogeneous = false)
        {
            _outputs.Add(new ParameterSpec(name, constraint, optional, variadic, from, upTo, heterogeneous));
            return this;
        }

        /// <summary>The element types ModelGen supports for a constraint (a subset of ONNX's).</summary>
        public OpSchema Types(string constraint, IReadOnlyCollection<ElementType> allowed)
        {
            _types[constraint] = allowed;
            return this;
        }

        public OpSchema WithAttributes(params AttributeSpec[] attributes)
        {
            _attributes.AddRange(attributes);
            return this;
        }

        /// <summary>The attribute named <paramref name="name"/> as <paramref name="revision"/> defines it, else any revision's (for messages), else null.</summary>
        public AttributeSpec? FindAttribute(string name, int revision) =>
            _attributes.FirstOrDefault(a => a.Name == name && a.AppliesTo(revision)) ?? _attributes.FirstOrDefault(a => a.Name == name);

        public IEnumerable<ParameterSpec> InputsAt(int revision) => _inputs.Where(p => p.AppliesTo(revision));

        public IEnumerable<ParameterSpec> OutputsAt(int revision) => _outputs.Where(p => p.AppliesTo(revision));
    }
}
