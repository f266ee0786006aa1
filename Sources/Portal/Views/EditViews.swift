import Ledger

/// The correcting and adding forms of a submission's page (`edit.mustache`), made from the
/// ``EditForm`` a worker read. Plain forms: they work without JavaScript and post
/// `application/x-www-form-urlencoded` fields named as the API names cells (`cell:SHEET!REF`)
/// and, for a new row, `sheet` and `col:LABEL`.
struct EditSection: Sendable {
    /// `POST` target of the corrections (`/submissions/{id}/edits`).
    var action: String
    /// `POST` target of a new row (`/submissions/{id}/rows`).
    var rowAction: String
    /// The inputs, by sheet (基本信息 first).
    var groups: [InputGroup]
    var hasInputs: Bool
    /// Flagged cells beyond the page's limit (they are marked in the annotated copy).
    var inputsLeftOut: Int?
    /// Why the last post was refused, one problem a line (shown above the form it came from).
    var refusal: [String]
    var hasRefusal: Bool
    /// The refusal belongs to the new-row form of this sheet (else to the corrections).
    var refusedRowSheet: String?
    var rowForms: [RowFormView]
    var hasRowForms: Bool
    /// The district corrects for a town (代填).
    var forTown: String?
}

/// The inputs of one sheet.
struct InputGroup: Sendable {
    var sheet: String
    var inputs: [InputView]
}

/// One field of a form: its label, its kind of input and what it holds.
struct InputView: Sendable {
    /// The element id (for `<label for>`).
    var id: String
    /// The field's name in the post.
    var name: String
    /// The column's label.
    var label: String
    /// The cell (`F9`); nil in a new-row form.
    var cell: String?
    var required: Bool
    /// The browser insists on a value before sending (a new row's required fields; never a
    /// correction, so that one cell can be fixed while others wait).
    var enforceRequired: Bool
    var isDate: Bool
    var isNumber: Bool
    var isList: Bool
    /// Free text on one line (`<input type=text>`, `tel` for phones).
    var isText: Bool
    /// Free text with line breaks or long: a `<textarea>`.
    var isTextArea: Bool
    /// `tel` for phone columns, else `text`.
    var textType: String
    var value: String
    /// A list's options (an empty choice first where the cell may be left empty).
    var options: [OptionView]
    /// What the file holds when the input cannot show it (text in a date or number input).
    var typedNote: String?
    var problems: [ProblemLine]
    var hasProblems: Bool
}

/// An option of a list.
struct OptionView: Sendable {
    var value: String
    var label: String
    var selected: Bool
}

/// A finding shown beside its input.
struct ProblemLine: Sendable {
    var isError: Bool
    /// 错误 / 警告.
    var severity: String
    var message: String
}

/// The form that adds a row to one table sheet.
struct RowFormView: Sendable {
    var sheet: String
    var fields: [InputView]
    /// The last post of this form was refused (the form shows it open, with what was typed).
    var isOpen: Bool
}

extension EditSection {
    /// The section of a submission's page. `posted` holds the values of a refused post (the
    /// inputs show them again), `refusal` its problems and `refusedRowSheet` the new-row form
    /// it came from.
    init(form: EditForm, submissionId: Int64, forTown: String?, posted: [String: String] = [:], refusal: [String] = [],
         refusedRowSheet: String? = nil) {
        action = "/submissions/\(submissionId)/edits"
        rowAction = "/submissions/\(submissionId)/rows"
        var groups: [InputGroup] = []
        for (index, input) in form.inputs.enumerated() {
            let view = Self.inputView(input, id: "cell-\(index)", posted: posted[input.name])
            if let last = groups.indices.last, groups[last].sheet == input.sheet {
                groups[last].inputs.append(view)
            } else {
                groups.append(InputGroup(sheet: input.sheet, inputs: [view]))
            }
        }
        self.groups = groups
        hasInputs = !groups.isEmpty
        inputsLeftOut = form.inputsLeftOut > 0 ? form.inputsLeftOut : nil
        self.refusal = refusal
        hasRefusal = !refusal.isEmpty
        self.refusedRowSheet = refusedRowSheet
        rowForms = form.rows.enumerated().map { formIndex, row in
            let isOpen = row.sheet == refusedRowSheet
            return RowFormView(sheet: row.sheet, fields: row.fields.enumerated().map { index, field in
                let name = "col:" + field.label
                return Self.view(id: "row-\(formIndex)-\(index)", name: name, label: field.label, cell: nil, kind: field.kind,
                                 fieldType: field.fieldType, required: field.required, choices: field.choices,
                                 value: isOpen ? posted[name] ?? "" : field.suggested ?? "", emptyChoice: true, problems: [])
            }, isOpen: isOpen)
        }
        hasRowForms = !rowForms.isEmpty
        self.forTown = forTown
    }

    /// The input of a cell the town may correct.
    static func inputView(_ input: EditForm.Input, id: String, posted: String?) -> InputView {
        let problems = input.findings.map {
            ProblemLine(isError: $0.severity == .error, severity: $0.severity == .error ? "错误" : "警告", message: $0.message.chinese)
        }
        var view = view(id: id, name: input.name, label: input.column, cell: input.cell, kind: input.kind, fieldType: input.fieldType,
                        required: input.required, choices: input.choices, value: posted ?? input.untouchedValue,
                        emptyChoice: !input.required || input.inputValue.isEmpty, problems: problems)
        if !input.showsTyped && posted == nil { view.typedNote = "文件中填写的是“\(input.typed)”,请改为正确的值" }
        return view
    }

    /// An input of a kind (`date`, `number`, `list`, `text`) holding `value`; a list keeps a
    /// value outside its choices as an option of its own, so that sending the form unchanged
    /// changes nothing.
    static func view(id: String, name: String, label: String, cell: String?, kind: String, fieldType: String, required: Bool,
                     choices: [String], value: String, emptyChoice: Bool, problems: [ProblemLine]) -> InputView {
        var options: [OptionView] = []
        if kind == "list" {
            if emptyChoice { options.append(OptionView(value: "", label: "(请选择)", selected: value.isEmpty)) }
            options += choices.map { OptionView(value: $0, label: $0, selected: $0 == value) }
            if !value.isEmpty && !choices.contains(value) {
                options.append(OptionView(value: value, label: value + "(不在可选项中)", selected: true))
            }
        }
        let isTextArea = kind == "text" && (value.contains("\n") || value.count > 60)
        return InputView(id: id, name: name, label: label, cell: cell, required: required, enforceRequired: required && cell == nil, isDate: kind == "date",
                         isNumber: kind == "number", isList: kind == "list", isText: kind == "text" && !isTextArea,
                         isTextArea: isTextArea, textType: fieldType == FieldType.phone.rawValue ? "tel" : "text", value: value,
                         options: options, typedNote: nil, problems: problems, hasProblems: !problems.isEmpty)
    }
}
