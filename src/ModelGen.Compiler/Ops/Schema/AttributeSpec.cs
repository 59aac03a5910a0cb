using System;
using System.Globalization;
using System.Linq;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Ops.Schema
{
    /// <summary>
    /// One attribute an op understands, as data: its name, ONNX type, default, whether it is required, and
    /// the op revisions it belongs to. Resolution checks every node's attributes against these before
    /// inference; ops read values through the typed <see cref="Attr{T}"/> handles.
    /// </summary>
    internal abstract class AttributeSpec
    {
        protected AttributeSpec(string name, AttributeKind kind, bool required, int from, int upTo, string note)
        {
            Name = name;
            Kind = kind;
            IsRequired = required;
            From = from;
            UpTo = upTo;
            Note = note;
        }

        public string Name { get; }
        public AttributeKind Kind { get; }
        public bool IsRequired { get; }
        /// <summary>First op revision (since-version) that has the attribute.</summary>
        public int From { get; }
        /// <summary>Last op revision that has it.</summary>
        public int UpTo { get; }
        /// <summary>Why an accepted attribute has no effect ("training only"), for docs; empty otherwise.</summary>
        public string Note { get; }

        public bool AppliesTo(int revision) => revision >= From && revision <= UpTo;

        /// <summary>The default as text for docs ("1", "NOTSET", "required", "none").</summary>
        public abstract string DefaultText { get; }
    }

    /// <summary>A typed attribute handle: <c>c.Get(Group)</c> gives the node's value or the ONNX default.</summary>
    internal sealed class Attr<T> : AttributeSpec
    {
        private readonly Func<NodeAttribute, T> _read;

        public Attr(string name, AttributeKind kind, T defaultValue, Func<NodeAttribute, T> read, bool required = false, int from = 1, int upTo = int.MaxValue, string note = "")
            : base(name, kind, required, from, upTo, note)
        {
            Default = defaultValue;
            _read = read;
        }

        public T Default { get; }

        public T Read(NodeAttribute a) => _read(a);

        public Attr<T> Required() => new Attr<T>(Name, Kind, Default, _read, true, From, UpTo, Note);
        /// <summary>Only op revisions from <paramref name="revision"/> on have the attribute.</summary>
        public Attr<T> Since(int revision) => new Attr<T>(Name, Kind, Default, _read, IsRequired, revision, UpTo, Note);
        /// <summary>Only op revisions up to <paramref name="revision"/> have the attribute.</summary>
        public Attr<T> Until(int revision) => new Attr<T>(Name, Kind, Default, _read, IsRequired, From, revision, Note);
        /// <summary>Accepted but without effect in inference; <paramref name="why"/> says why.</summary>
        public Attr<T> Ignored(string why) => new Attr<T>(Name, Kind, Default, _read, IsRequired, From, UpTo, why);

        public override string DefaultText =>
            IsRequired ? "required" :
            Default == null ? "none" :
            Default is float f ? f.ToString("R", CultureInfo.InvariantCulture) :
            Default is long[] l ? "[" + string.Join(",", l) + "]" :
            Convert.ToString(Default, CultureInfo.InvariantCulture) ?? "none";
    }

    /// <summary>Factories for <see cref="Attr{T}"/>, one per ONNX attribute type.</summary>
    internal static class Attr
    {
        public static Attr<long> Int(string name, long defaultValue) => new Attr<long>(name, AttributeKind.Int, defaultValue, a => a.Int);

        /// <summary>An int attribute with no default: null when absent.</summary>
        public static Attr<long?> OptionalInt(string name) => new Attr<long?>(name, AttributeKind.Int, null, a => a.Int);

        public static Attr<float> Float(string name, float defaultValue) => new Attr<float>(name, AttributeKind.Float, defaultValue, a => a.Float);

        public static Attr<string> String(string name, string defaultValue) => new Attr<string>(name, AttributeKind.String, defaultValue, a => a.String);

        /// <summary>An ints attribute: null when absent.</summary>
        public static Attr<long[]?> Ints(string name) => new Attr<long[]?>(name, AttributeKind.Ints, null, a => a.Ints.ToArray());

        /// <summary>A strings attribute: null when absent.</summary>
        public static Attr<string[]?> Strings(string name) => new Attr<string[]?>(name, AttributeKind.Strings, null, a => a.Strings.ToArray());

        public static Attr<float[]?> Floats(string name) => new Attr<float[]?>(name, AttributeKind.Floats, null, a => a.Floats.ToArray());

        public static Attr<TensorData?> Tensor(string name) => new Attr<TensorData?>(name, AttributeKind.Tensor, null, a => a.Tensor);

        public static Attr<Graph?> Graph(string name) => new Attr<Graph?>(name, AttributeKind.Graph, null, a => a.Graph);
    }
}
