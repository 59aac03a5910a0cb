using System;
using System.Collections.Generic;
using System.IO;
using ModelGen.Cli.Conformance;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Writing;
using ModelGen.Runtime;
using ModelGen.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Tests.Compiler
{
    /// <summary>
    /// String tensors in forms the backend suite does not exercise: a symbolic length (string buffers sized when the
    /// dims are bound), Identity as a view and as a copy into an output, a run-time sized string output, and both
    /// untyped Run overloads with StringTensor's encoding. Expected values are written out here.
    /// </summary>
    public sealed class StringModelTests : IClassFixture<StringModelTests.Compiled>
    {
        private readonly Compiled _compiled;

        public StringModelTests(Compiled compiled) { _compiled = compiled; }

        public sealed class Compiled : CaseModelAssembly
        {
            public Compiled() : base("StringCases", new (string, Func<byte[]>)[] { ("strings", Model) }) { }
        }

        /// <summary>x string[N]: y = Identity(x); z = Identity(x ++ x); e = (x ++ x == x); n = StringNormalizer(x) dropping "b", upper-cased.</summary>
        private static byte[] Model() =>
            new OnnxModelBuilder("strings", opset: 20)
                .Input("x", ElementType.String, new object[] { "N" })
                .Node("Identity", new[] { "x" }, new[] { "y" }, name: "copy")
                .Node("StringConcat", new[] { "x", "x" }, new[] { "xx" }, name: "twice")
                .Node("Identity", new[] { "xx" }, new[] { "z" }, name: "view")
                .Node("Equal", new[] { "xx", "x" }, new[] { "e" }, name: "same")
                .Node("StringNormalizer", new[] { "x" }, new[] { "n" }, name: "norm",
                      attributes: a => a.String("case_change_action", "UPPER").Int("is_case_sensitive", 1).Strings("stopwords", new[] { "b" }))
                .Output("y", ElementType.String, null).Output("z", ElementType.String, null)
                .Output("e", ElementType.Bool, null).Output("n", ElementType.String, null)
                .ToBytes();

        private ICompiledModel Load() =>
            InMemoryBatch.Load(_compiled.Assembly, "StringCases.strings.Model", Path.Combine(_compiled.Folder("strings"), "model.onnx"));

        [Fact]
        public void Strings_flow_through_a_symbolic_model()
        {
            var model = Load();
            foreach (var x in new[] { new[] { "a", "b", "é" }, new[] { "", "b", "xyz", "b", "q" }, new[] { "b" } })
            {
                var outputs = model.Run(new[] { x.Length }, new[] { new ReadOnlyMemory<byte>(StringTensor.Encode(x)) });
                var doubled = Array.ConvertAll(x, s => s + s);
                var kept = new List<string>();
                foreach (var s in x) if (s != "b") kept.Add(s.ToUpperInvariant());
                if (kept.Count == 0) kept.Add("");
                Assert.Equal(x, StringTensor.Decode(outputs[0].Bytes, x.Length));
                Assert.Equal(doubled, StringTensor.Decode(outputs[1].Bytes, x.Length));
                Assert.Equal(Array.ConvertAll(x, s => s.Length == 0), Array.ConvertAll(outputs[2].Bytes, b => b != 0));
                Assert.Equal(new[] { kept.Count }, outputs[3].Dims);
                Assert.Equal(kept.ToArray(), StringTensor.Decode(outputs[3].Bytes, kept.Count));

                // The overload over caller memory gives the same bytes.
                var memory = Array.ConvertAll(outputs, o => new Memory<byte>(new byte[o.Bytes.Length]));
                model.Run(new[] { x.Length }, new[] { new ReadOnlyMemory<byte>(StringTensor.Encode(x)) }, memory);
                for (int i = 0; i < outputs.Length; i++) Assert.Equal(outputs[i].Bytes, memory[i].ToArray());
            }
        }
    }
}
