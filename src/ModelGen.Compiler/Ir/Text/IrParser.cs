using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace ModelGen.Compiler.Ir
{
    /// <summary>
    /// Reads the text <see cref="IrPrinter"/> writes back into a <see cref="Graph"/>: what pass tests are written in
    /// ("IR text in, pass, IR text out"). Values keep the declared types; ops are not resolved here (the caller runs
    /// resolution and inference, as the pipeline does). Errors throw <see cref="FormatException"/> with the line and column.
    /// </summary>
    public static class IrParser
    {
        public static Graph Parse(string text)
        {
            var p = new Parser(text);
            var g = p.TopGraph();
            p.SkipSpace();
            if (!p.AtEnd) throw p.Error("text after the graph");
            g.RebuildConsumers();
            return g;
        }

        private sealed class Parser
        {
            private readonly string _s;
            private int _pos;

            public Parser(string s) { _s = s; }

            public bool AtEnd => _pos >= _s.Length;

            public FormatException Error(string what)
            {
                int line = 1, col = 1;
                for (int i = 0; i < _pos && i < _s.Length; i++)
                {
                    if (_s[i] == '\n') { line++; col = 1; } else col++;
                }
                return new FormatException("IR text, line " + line + ", column " + col + ": " + what + ".");
            }

            public void SkipSpace()
            {
                while (_pos < _s.Length)
                {
                    if (char.IsWhiteSpace(_s[_pos])) _pos++;
                    else if (_s[_pos] == '/' && _pos + 1 < _s.Length && _s[_pos + 1] == '/') { while (_pos < _s.Length && _s[_pos] != '\n') _pos++; }
                    else break;
                }
            }

            private bool Peek(string token)
            {
                SkipSpace();
                return string.CompareOrdinal(_s, _pos, token, 0, token.Length) == 0;
            }

            private bool Take(string token)
            {
                if (!Peek(token)) return false;
                _pos += token.Length;
                return true;
            }

            private void Expect(string token)
            {
                if (!Take(token)) throw Error("expected '" + token + "'");
            }

            private bool PeekWord(string word) => Peek(word) && (_pos + word.Length >= _s.Length || !IsWordChar(_s[_pos + word.Length]));

            private bool TakeWord(string word)
            {
                if (!PeekWord(word)) return false;
                _pos += word.Length;
                return true;
            }

            private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

            private string Word()
            {
                SkipSpace();
                int start = _pos;
                while (_pos < _s.Length && (IsWordChar(_s[_pos]) || _s[_pos] == '.')) _pos++;
                if (_pos == start) throw Error("expected a name");
                return _s.Substring(start, _pos - start);
            }

            /// <summary>A name after '%' or '@': plain characters, or a quoted string.</summary>
            private string Name()
            {
                if (Peek("\"")) return QuotedString();
                int start = _pos;
                while (_pos < _s.Length && IrNames.IsPlain(_s[_pos])) _pos++;
                if (_pos == start) throw Error("expected a name");
                return _s.Substring(start, _pos - start);
            }

            private string QuotedString()
            {
                Expect("\"");
                var sb = new StringBuilder();
                while (_pos < _s.Length && _s[_pos] != '"')
                {
                    char c = _s[_pos++];
                    if (c == '\\' && _pos < _s.Length)
                    {
                        char e = _s[_pos++];
                        sb.Append(e == 'n' ? '\n' : e);
                    }
                    else sb.Append(c);
                }
                Expect("\"");
                return sb.ToString();
            }

            private string ValueName()
            {
                Expect("%");
                return Name();
            }

            // ---- graphs ---------------------------------------------------------------------------------------

            public Graph TopGraph()
            {
                var g = new Graph();
                GraphBody(g);
                return g;
            }

            private void GraphBody(Graph g)
            {
                if (!TakeWord("graph")) throw Error("expected 'graph'");
                SkipSpace();
                g.Name = Peek("\"") ? QuotedString() : Word();
                Expect("(");
                if (!Take(")"))
                {
                    do
                    {
                        var v = DeclareTyped(g, ValueKind.Input);
                        g.Inputs.Add(v);
                    }
                    while (Take(","));
                    Expect(")");
                }
                if (TakeWord("opset"))
                {
                    do
                    {
                        SkipSpace();
                        if (char.IsDigit(_s[_pos])) g.Opsets[""] = Int();
                        else
                        {
                            string domain = Word();
                            Expect("=");
                            g.Opsets[domain] = Int();
                        }
                    }
                    while (Take(","));
                }
                if (g.Parent == null && !g.Opsets.ContainsKey("")) g.Opsets[""] = 1;
                Expect("{");
                while (!TakeWord("return")) Statement(g);
                SkipSpace();
                if (Peek("%"))
                    do
                    {
                        string name = ValueName();
                        var v = g.Lookup(name) ?? throw Error("'" + name + "' is returned but never defined");
                        if (g.Parent == null) v.IsGraphOutput = true;
                        g.Outputs.Add(v);
                    }
                    while (Take(","));
                Expect("}");
            }

            private void Statement(Graph g)
            {
                if (TakeWord("init")) { Constant(g, ValueKind.Initializer); return; }
                if (TakeWord("const")) { Constant(g, ValueKind.Constant); return; }
                bool loadTime = TakeWord("load");
                var outputs = new List<Value?>();
                var pendingOutputs = new List<(string Name, ElementType Type, Shape? Shape)?>();
                do
                {
                    if (Take("_")) { pendingOutputs.Add(null); continue; }
                    string name = ValueName();
                    var (type, shape) = OptionalType();
                    pendingOutputs.Add((name, type, shape));
                }
                while (Take(","));
                Expect("=");
                string op = Word(), domain = "";
                if (Take("::")) { domain = op; op = Word(); }
                var inputs = new List<Value?>();
                Expect("(");
                if (!Take(")"))
                {
                    do
                    {
                        if (Take("_")) { inputs.Add(null); continue; }
                        string name = ValueName();
                        inputs.Add(g.Lookup(name) ?? throw Error("'" + name + "' is read before it is defined"));
                    }
                    while (Take(","));
                    Expect(")");
                }
                var root = g.Root;
                root.Opsets.TryGetValue(domain, out int opset);
                var attributes = new List<(string Name, Func<Node, NodeAttribute> Make)>();
                if (Take("{"))
                {
                    do
                    {
                        SkipSpace();
                        string attr = Peek("\"") ? QuotedString() : Word();
                        Expect("=");
                        attributes.Add((attr, Attribute(attr, g)));
                    }
                    while (Take(","));
                    Expect("}");
                }
                Expect("@");
                string nodeName = Name();
                var node = new Node(nodeName, op, domain, opset);
                foreach (var (name, make) in attributes) node.Attributes[name] = make(node);
                foreach (var o in pendingOutputs)
                {
                    if (o == null) { outputs.Add(null); continue; }
                    var v = g.AddValue(o.Value.Name, loadTime ? ValueKind.Derived : ValueKind.Computed);
                    v.Type = o.Value.Type;
                    v.Shape = o.Value.Shape;
                    outputs.Add(v);
                }
                g.InsertNode(node, inputs, outputs);
                if (loadTime)
                {
                    g.Nodes.Remove(node);
                    g.LoadTimeNodes.Add(node);
                }
            }

            private void Constant(Graph g, ValueKind kind)
            {
                var v = DeclareTyped(g, kind);
                Expect("=");
                if (Take("@file("))
                {
                    long offset = Long();
                    Expect(",");
                    long length = Long();
                    Expect(")");
                    v.Location = new InitializerLocation(offset, length);
                    return;
                }
                if (v.Shape == null) throw Error("a constant needs a shape");
                var dims = v.Shape.ToStatic();
                var elements = Elements(v.Type);
                long count = dims.Aggregate(1L, (a, b) => a * b);
                if (elements.Count != count) throw Error("'" + v.Name + "' " + v.Shape + " needs " + count + " elements, the text has " + elements.Count);
                SetElements(v, dims, elements);
            }

            private static void SetElements(Value v, long[] dims, List<object> elements)
            {
                if (ElementTypes.IsFloatingPoint(v.Type))
                {
                    v.Data = TensorData.FromDoubleValues(v.Type, dims, elements.Select(e => (double)e).ToArray());
                    return;
                }
                var t = new DimTensor(v.Type, dims, elements.Select(e => (Dim)e).ToArray());
                if (t.IsStatic) v.Data = t.ToData(); else v.Symbolic = t;
            }

            /// <summary>"[1, 2]" as doubles (float types) or dims (integer and bool types: symbolic elements allowed).</summary>
            private List<object> Elements(ElementType type)
            {
                var result = new List<object>();
                Expect("[");
                if (Take("]")) return result;
                do
                {
                    if (ElementTypes.IsFloatingPoint(type)) result.Add(FloatNumber());
                    else
                    {
                        SkipSpace();
                        result.Add(DimText.ParsePrefix(_s, ref _pos));
                    }
                }
                while (Take(","));
                Expect("]");
                return result;
            }

            private Value DeclareTyped(Graph g, ValueKind kind)
            {
                string name = ValueName();
                var (type, shape) = OptionalType();
                var v = g.AddValue(name, kind);
                v.Type = type;
                v.Shape = shape;
                return v;
            }

            private (ElementType, Shape?) OptionalType()
            {
                if (!Take(":")) return (ElementType.Undefined, null);
                SkipSpace();
                string typeName = Word();
                if (!ElementTypes.TryParse(typeName, out var type)) throw Error("unknown element type '" + typeName + "'");
                Expect("[");
                if (Take("?]")) return (type, null);
                var dims = new List<Dim>();
                if (!Take("]"))
                {
                    do
                    {
                        SkipSpace();
                        dims.Add(DimText.ParsePrefix(_s, ref _pos));
                    }
                    while (Take(","));
                    Expect("]");
                }
                return (type, new Shape(dims));
            }

            // ---- attributes -----------------------------------------------------------------------------------

            /// <summary>Parses an attribute value now; graphs need the owner node, so the result is made once the node exists.</summary>
            private Func<Node, NodeAttribute> Attribute(string name, Graph scope)
            {
                SkipSpace();
                if (PeekWord("graph"))
                {
                    // The body is parsed against a placeholder owner and re-pointed to the real node, which does not exist yet.
                    var placeholder = new Node("", "", "", 0);
                    var body = new Graph(scope, placeholder);
                    GraphBody(body);
                    return owner =>
                    {
                        SetOwner(body, owner);
                        return new NodeAttribute(name, AttributeKind.Graph) { Graph = body };
                    };
                }
                if (TakeWord("floats"))
                {
                    var floats = Elements(ElementType.Float).Select(e => (float)(double)e).ToArray();
                    return _ => new NodeAttribute(name, AttributeKind.Floats) { Floats = floats };
                }
                if (TakeWord("strings"))
                {
                    var strings = new List<string>();
                    Expect("[");
                    if (!Take("]"))
                    {
                        do { SkipSpace(); strings.Add(QuotedString()); } while (Take(","));
                        Expect("]");
                    }
                    return _ => new NodeAttribute(name, AttributeKind.Strings) { Strings = strings.ToArray() };
                }
                if (TakeWord("tensor"))
                {
                    var holder = new Value("tensor", ValueKind.Constant);
                    var (type, shape) = (ElementType.Undefined, (Shape?)null);
                    SkipSpace();
                    string typeName = Word();
                    if (!ElementTypes.TryParse(typeName, out type)) throw Error("unknown element type '" + typeName + "'");
                    Expect("[");
                    var dims = new List<long>();
                    if (!Take("]")) { do dims.Add(Long()); while (Take(",")); Expect("]"); }
                    shape = Shape.Of(dims.ToArray());
                    holder.Type = type;
                    holder.Shape = shape;
                    SetElements(holder, dims.ToArray(), Elements(type));
                    var data = holder.Data ?? throw Error("a tensor attribute needs static elements");
                    return _ => new NodeAttribute(name, AttributeKind.Tensor) { Tensor = data };
                }
                if (Peek("\""))
                {
                    string text = QuotedString();
                    return _ => new NodeAttribute(name, AttributeKind.String) { String = text };
                }
                if (Take("["))
                {
                    var ints = new List<long>();
                    if (!Take("]")) { do ints.Add(Long()); while (Take(",")); Expect("]"); }
                    return _ => new NodeAttribute(name, AttributeKind.Ints) { Ints = ints.ToArray() };
                }
                int start = _pos;
                string number = NumberText();
                if (number.IndexOfAny(new[] { '.', 'e', 'E', 'n', 'i' }) >= 0)
                {
                    float f = (float)ParseFloat(number, start);
                    return _ => new NodeAttribute(name, AttributeKind.Float) { Float = f };
                }
                long l = long.Parse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                return _ => new NodeAttribute(name, AttributeKind.Int) { Int = l };
            }

            /// <summary>Points a body parsed before its owner existed at the owner (graphs record their owner node).</summary>
            private static void SetOwner(Graph body, Node owner) => body.ReplaceOwner(owner);

            // ---- numbers --------------------------------------------------------------------------------------

            private int Int() => checked((int)Long());

            private long Long()
            {
                SkipSpace();
                int start = _pos;
                string t = NumberText();
                if (!long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v)) { _pos = start; throw Error("expected an integer"); }
                return v;
            }

            private double FloatNumber()
            {
                SkipSpace();
                int start = _pos;
                return ParseFloat(NumberText(), start);
            }

            private string NumberText()
            {
                SkipSpace();
                int start = _pos;
                while (_pos < _s.Length && (char.IsLetterOrDigit(_s[_pos]) || _s[_pos] == '.' || _s[_pos] == '-' || _s[_pos] == '+')) _pos++;
                if (_pos == start) throw Error("expected a number");
                return _s.Substring(start, _pos - start);
            }

            private double ParseFloat(string t, int start)
            {
                switch (t)
                {
                    case "nan": return double.NaN;
                    case "inf": return double.PositiveInfinity;
                    case "-inf": return double.NegativeInfinity;
                }
                if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)) { _pos = start; throw Error("expected a number, not '" + t + "'"); }
                return v;
            }
        }
    }
}
