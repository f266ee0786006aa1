/// What a submission's status means, said once for every page (`portal.md`, "Signing in and
/// reading the answers"): a rejected submission's rows without errors are used (区汇总,
/// progress, ranking); its rows with errors wait in 待核实 until a corrected upload or edit.
enum StatusWording {
    /// 已通过, 需修改 or 无法读取.
    static func label(of status: SubmissionStatus) -> String {
        switch status {
        case .accepted: return "已通过"
        case .rejected: return "需修改"
        case .unreadable: return "无法读取"
        }
    }

    /// What the status means for the district's outputs, and what to do.
    static func explanation(of status: SubmissionStatus, hasWarnings: Bool) -> String {
        switch status {
        case .accepted where hasWarnings:
            return "台账已通过,全部行计入区汇总、进度和排名;警告不影响汇总,但请核实。"
        case .accepted:
            return "台账已通过,没有发现问题,全部行计入区汇总、进度和排名。"
        case .rejected:
            return "台账有错误:没有错误的行照常计入区汇总、进度和排名;有错误的行暂列“待核实”,不计入,"
                + "按下面的问题清单改正(在线修改或重新上传)后即计入。"
        case .unreadable:
            return "文件无法读取,这份报送不计入区汇总、进度和排名(区汇总仍用本镇之前可读的一份,如有);"
                + "请按下面说明的原因处理后重新上传。"
        }
    }
}
