using System.Text;

namespace ModelGen.Compiler.Emit
{
    /// <summary>An indented text writer with '\n' line ends whatever the OS, so output is byte-identical everywhere.</summary>
    internal sealed class CodeWriter
    {
        private readonly StringBuilder _sb = new StringBuilder();
        private int _indent;

        public void Line(string text = "")
        {
            if (text.Length > 0) _sb.Append(' ', _indent * 4).Append(text);
            _sb.Append('\n');
        }

        public void Open(string header)
        {
            Line(header);
            Line("{");
            _indent++;
        }

        /// <summary>Opens a bare block: "{".</summary>
        public void Open()
        {
            Line("{");
            _indent++;
        }

        public void Close(string suffix = "")
        {
            _indent--;
            Line("}" + suffix);
        }

        /// <summary>Appends another writer's text, indented by this writer's current level.</summary>
        public void Append(CodeWriter other)
        {
            var lines = other.ToString().Split('\n');
            for (int i = 0; i < lines.Length - 1; i++) // the last piece is what follows the final '\n': empty
            {
                if (lines[i].Length > 0) _sb.Append(' ', _indent * 4).Append(lines[i]);
                _sb.Append('\n');
            }
        }

        public override string ToString() => _sb.ToString();
    }
}
