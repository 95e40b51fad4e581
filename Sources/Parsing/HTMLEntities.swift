import CLibXML2

/// Decodes character references (`&amp;`, `&#8217;`, `&#x4e2d;`, any HTML 4 entity name) in text that arrives
/// escaped, such as an Atom `type="html"` title.
enum HTMLEntities {
    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            guard scalar == "&", let semicolon = scalars[index...].prefix(12).firstIndex(of: ";") else {
                result.append(scalar)
                index += 1
                continue
            }
            let name = String(String.UnicodeScalarView(scalars[(index + 1)..<semicolon]))
            if let decoded = decodeReference(name) {
                result.append(decoded)
                index = semicolon + 1
            } else {
                result.append(scalar)
                index += 1
            }
        }
        return String(result)
    }

    private static func decodeReference(_ name: String) -> Unicode.Scalar? {
        if name.hasPrefix("#x") || name.hasPrefix("#X") {
            return UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
        }
        if name.hasPrefix("#") { return UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init) }
        if name == "apos" { return "'" }
        guard let entity = htmlEntityLookup(name) else { return nil }
        return Unicode.Scalar(entity.pointee.value)
    }
}
