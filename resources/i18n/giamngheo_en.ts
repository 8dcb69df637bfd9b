<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="vi_VN">
<context>
    <name>AcceptForm</name>
    <message>
        <source>Nghiệm thu</source>
        <translation>Acceptance</translation>
    </message>
    <message>
        <source>Ngày nghiệm thu</source>
        <translation>Accepted on</translation>
    </message>
    <message>
        <source>Diện tích sàn</source>
        <translation>Floor area</translation>
    </message>
    <message>
        <source>Nền cứng</source>
        <translation>Hard floor</translation>
    </message>
    <message>
        <source>Khung-tường cứng</source>
        <translation>Hard frame and walls</translation>
    </message>
    <message>
        <source>Mái cứng</source>
        <translation>Hard roof</translation>
    </message>
    <message>
        <source>“3 cứng”</source>
        <translation>“3 hard”</translation>
    </message>
    <message>
        <source> năm</source>
        <translation> years</translation>
    </message>
    <message>
        <source>Tuổi thọ dự kiến</source>
        <translation>Expected life</translation>
    </message>
    <message>
        <source>Tổ / người nghiệm thu</source>
        <translation>Accepted by</translation>
    </message>
    <message>
        <source>Tổ nghiệm thu xã</source>
        <translation>commune acceptance team</translation>
    </message>
    <message>
        <source>Nhà đạt chuẩn khi diện tích sàn từ 30 m², đủ “3 cứng” (nền, khung-tường, mái) và tuổi thọ từ 20 năm.</source>
        <translation>A house meets the standard with a floor area of at least 30 m², the “3 hard” structures (floor, frame and walls, roof) and a life of at least 20 years.</translation>
    </message>
</context>
<context>
    <name>AddForm</name>
    <message>
        <source>Thêm thôn/bản</source>
        <translation>Add a village</translation>
    </message>
    <message>
        <source>Thôn/bản mới được thêm vào danh sách của xã.</source>
        <translation>The new village is added to the commune&apos;s list.</translation>
    </message>
    <message>
        <source>Tên thôn/bản</source>
        <translation>Village name</translation>
    </message>
    <message>
        <source>ví dụ: Bản Phiêng Pi</source>
        <translation>for example: Bản Phiêng Pi</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Đã thêm “{name}”.</source>
        <translation>“{name}” added.</translation>
    </message>
</context>
<context>
    <name>AdoptPackageDialog</name>
    <message>
        <source>Áp dụng gói cài đặt</source>
        <translation>Apply setup package</translation>
    </message>
    <message>
        <source>Gói cài đặt văn phòng tổng hợp gửi cho xã mang khóa của văn phòng: sau khi áp dụng, các tệp đồng bộ của xã được mã hóa, chỉ văn phòng đọc được. Dữ liệu của xã không thay đổi. Mã dùng một lần do văn phòng đọc qua điện thoại.</source>
        <translation>The setup package the consolidating office sends the commune carries the office&apos;s key: once it is applied, the commune&apos;s sync files are encrypted and only the office can read them. The commune&apos;s data does not change. The office reads the one-time code over the phone.</translation>
    </message>
    <message>
        <source>Chọn…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>Gói cài đặt:</source>
        <translation>Setup package:</translation>
    </message>
    <message>
        <source>Mã dùng một lần:</source>
        <translation>One-time code:</translation>
    </message>
    <message>
        <source>Áp dụng</source>
        <translation>Apply</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Chọn gói cài đặt</source>
        <translation>Choose the setup package</translation>
    </message>
    <message>
        <source>Gói cài đặt Sổ Giảm Nghèo (*.gnsetup);;Tất cả các tệp (*)</source>
        <translation>Sổ Giảm Nghèo setup packages (*.gnsetup);;All files (*)</translation>
    </message>
    <message>
        <source>Đang mở gói cài đặt…</source>
        <translation>Opening the setup package…</translation>
    </message>
</context>
<context>
    <name>ApproveForm</name>
    <message>
        <source>Phê duyệt</source>
        <translation>Approval</translation>
    </message>
    <message>
        <source>Ngày phê duyệt</source>
        <translation>Approved on</translation>
    </message>
    <message>
        <source>Số quyết định</source>
        <translation>Decision number</translation>
    </message>
    <message>
        <source>Vốn trung ương</source>
        <translation>Central budget</translation>
    </message>
    <message>
        <source>Vốn địa phương, xã hội hóa</source>
        <translation>Local budget, social funds</translation>
    </message>
    <message>
        <source>Tổng được duyệt</source>
        <translation>Total approved</translation>
    </message>
    <message>
        <source>Người / cơ quan phê duyệt</source>
        <translation>Approved by (person or body)</translation>
    </message>
    <message>
        <source>UBND huyện</source>
        <translation>district People&apos;s Committee</translation>
    </message>
    <message>
        <source>tổng tối đa {amount}</source>
        <translation>total at most {amount}</translation>
    </message>
    <message>
        <source>Định mức {program} ({kind}): {norm}.</source>
        <translation>Norm of {program} ({kind}): {norm}.</translation>
    </message>
    <message>
        <source>không có mức trần</source>
        <translation>no ceiling</translation>
    </message>
    <message>
        <source>{total} — đợt 1 ({percent}%): {first}</source>
        <translation>{total} — first tranche ({percent}%): {first}</translation>
    </message>
</context>
<context>
    <name>ApproveKeyDialog</name>
    <message>
        <source>Duyệt khóa mới của xã</source>
        <translation>Approve a commune&apos;s new key</translation>
    </message>
    <message>
        <source>Tệp của {commune} được ký bằng một khóa khác với khóa văn phòng đã công nhận. Điều này xảy ra khi xã thay máy hoặc cài lại phần mềm — nhưng cũng có thể là tệp do người khác làm ra.</source>
        <translation>The file from {commune} is signed with a different key from the one the office has recognised. This happens when the commune changes computers or reinstalls the software — but the file may also have been made by someone else.</translation>
    </message>
    <message>
        <source>Xã</source>
        <translation>Commune</translation>
    </message>
    <message>
        <source>Khóa mới</source>
        <translation>New key</translation>
    </message>
    <message>
        <source>Khóa đang dùng</source>
        <translation>Current key</translation>
    </message>
    <message>
        <source>(chưa có)</source>
        <translation>(none yet)</translation>
    </message>
    <message>
        <source>Chỉ duyệt khi đã gọi điện cho cán bộ xã và nghe xã đọc đúng dấu vân tay của khóa mới (xã xem ở mục Đồng bộ trên máy của xã). Sau khi duyệt, khóa mới được công nhận, khóa cũ thôi dùng: tệp ký bằng khóa cũ sẽ bị tạm giữ.</source>
        <translation>Approve only after you have phoned the commune officer and heard them read out the new key&apos;s fingerprint correctly (the commune finds it under Sync on its computer). Once approved, the new key is recognised and the old key is no longer used: files signed with the old key will be held.</translation>
    </message>
    <message>
        <source>Duyệt khóa mới</source>
        <translation>Approve new key</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>AssessmentTab</name>
    <message>
        <source>&amp;Năm rà soát:</source>
        <translation>&amp;Year of review:</translation>
    </message>
    <message>
        <source>&amp;Thu nhập bình quân:</source>
        <translation>&amp;Income per person:</translation>
    </message>
    <message>
        <source>Thu nhập</source>
        <translation>Income</translation>
    </message>
    <message>
        <source>đồng/người/tháng</source>
        <translation>VND per person per month</translation>
    </message>
    <message>
        <source>hoặc điểm &amp;B1:</source>
        <translation>or &amp;B1 score:</translation>
    </message>
    <message>
        <source>điểm ước tính thu nhập</source>
        <translation>income-proxy score</translation>
    </message>
    <message>
        <source>Kết quả theo chuẩn của năm</source>
        <translation>Result by the standard of the year</translation>
    </message>
    <message>
        <source>Điều &amp;chỉnh phân loại:</source>
        <translation>Override the &amp;classification:</translation>
    </message>
    <message>
        <source>Không (theo kết quả tính)</source>
        <translation>No (as computed)</translation>
    </message>
    <message>
        <source>Lý &amp;do điều chỉnh:</source>
        <translation>Reason for the overri&amp;de:</translation>
    </message>
    <message>
        <source>bắt buộc khi điều chỉnh (ví dụ: theo biên bản họp thôn)</source>
        <translation>required when overriding (e.g. per the village meeting&apos;s minutes)</translation>
    </message>
    <message>
        <source>Hộ đăng ký thoát nghèo</source>
        <translation>The household registered to escape poverty</translation>
    </message>
    <message>
        <source>Chỉ số thiếu hụt (đánh dấu chỉ số hộ bị thiếu hụt)</source>
        <translation>Deprivation indicators (tick those the household is deprived in)</translation>
    </message>
    <message>
        <source>Nguyên nhân nghèo</source>
        <translation>Causes of poverty</translation>
    </message>
    <message>
        <source>Các năm đã rà soát</source>
        <translation>Years reviewed</translation>
    </message>
    <message>
        <source>Năm</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>Phân loại</source>
        <translation>Classification</translation>
    </message>
    <message>
        <source>Thu nhập / B1</source>
        <translation>Income / B1</translation>
    </message>
    <message>
        <source>B2</source>
        <translation>B2</translation>
    </message>
    <message>
        <source>Biến động</source>
        <translation>Movement</translation>
    </message>
    <message>
        <source>ĐK thoát nghèo</source>
        <translation>Registered to escape</translation>
    </message>
    <message>
        <source>{year} (đã có phiếu)</source>
        <translation>{year} (recorded)</translation>
    </message>
    <message>
        <source>Đổi năm rà soát</source>
        <translation>Change the year of review</translation>
    </message>
    <message>
        <source>Phiếu rà soát năm {year} có thay đổi chưa lưu. Bỏ các thay đổi đó?</source>
        <translation>The {year} assessment has unsaved changes. Discard them?</translation>
    </message>
    <message>
        <source>Bỏ thay đổi</source>
        <translation>Discard changes</translation>
    </message>
    <message>
        <source>Ở lại năm {year}</source>
        <translation>Stay on {year}</translation>
    </message>
    <message>
        <source>Phiếu đã lưu</source>
        <translation>Assessment saved</translation>
    </message>
    <message>
        <source>Chưa có phiếu năm này</source>
        <translation>No assessment for this year yet</translation>
    </message>
    <message>
        <source>Không có chuẩn nghèo cho năm này</source>
        <translation>No poverty standard for this year</translation>
    </message>
    <message>
        <source>B1 = {score}</source>
        <translation>B1 = {score}</translation>
    </message>
    <message>
        <source> (điều chỉnh)</source>
        <translation> (overridden)</translation>
    </message>
    <message>
        <source>Có</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>Điểm B1 phải là số.</source>
        <translation>The B1 score must be a number.</translation>
    </message>
    <message>
        <source>Điểm B2 (thiếu hụt): {b2} — {n} chỉ số</source>
        <translation>B2 score (deprivations): {b2} — {n} indicators</translation>
    </message>
    <message>
        <source>Chưa phân loại được</source>
        <translation>Not classified yet</translation>
    </message>
    <message>
        <source>Nhập thu nhập bình quân hoặc điểm B1 để phân loại.</source>
        <translation>Enter the income per person or the B1 score to classify.</translation>
    </message>
    <message>
        <source>{final} (điều chỉnh; theo tính toán: {computed})</source>
        <translation>{final} (overridden; computed: {computed})</translation>
    </message>
</context>
<context>
    <name>BatchModel</name>
    <message>
        <source>Xã</source>
        <translation>Commune</translation>
    </message>
    <message>
        <source>Tệp gói cài đặt</source>
        <translation>Setup package file</translation>
    </message>
    <message>
        <source>Mã dùng một lần</source>
        <translation>One-time code</translation>
    </message>
    <message>
        <source>Tình trạng</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Đã tạo</source>
        <translation>Made</translation>
    </message>
    <message>
        <source>Chưa tạo (đã dừng)</source>
        <translation>Not made (stopped)</translation>
    </message>
    <message>
        <source>Không tạo được: {why}</source>
        <translation>Not made: {why}</translation>
    </message>
    <message>
        <source>Gói cài đặt của {office}, tạo ngày {when}</source>
        <translation>Setup packages of {office}, made on {when}</translation>
    </message>
    <message>
        <source>Dấu vân tay khóa của văn phòng: {fp}</source>
        <translation>Office key fingerprint: {fp}</translation>
    </message>
</context>
<context>
    <name>BirthDialog</name>
    <message>
        <source>Trẻ được thêm vào hộ như một nhân khẩu mới; các nhân khẩu khác giữ nguyên.</source>
        <translation>The child is added to the household as a new member; the other members stay as they are.</translation>
    </message>
    <message>
        <source>Ngày sinh</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>thường để trống với trẻ mới sinh</source>
        <translation>usually empty for a newborn</translation>
    </message>
    <message>
        <source>Số CCCD</source>
        <translation>Citizen ID</translation>
    </message>
    <message>
        <source>ví dụ: số giấy chứng sinh</source>
        <translation>for example: birth certificate number</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Notes</translation>
    </message>
</context>
<context>
    <name>ChoiceBox</name>
    <message>
        <source>— chọn —</source>
        <translation>— choose —</translation>
    </message>
</context>
<context>
    <name>ChooseCommunesDialog</name>
    <message>
        <source>Tạo gói cài đặt cho nhiều xã</source>
        <translation>Setup packages for several communes</translation>
    </message>
    <message>
        <source>Xã</source>
        <translation>Commune</translation>
    </message>
    <message>
        <source>Khóa của xã</source>
        <translation>Commune key</translation>
    </message>
    <message>
        <source>Gói cài đặt gần nhất</source>
        <translation>Latest setup package</translation>
    </message>
    <message>
        <source>đã công nhận</source>
        <translation>bound</translation>
    </message>
    <message>
        <source>chưa có</source>
        <translation>none yet</translation>
    </message>
    <message>
        <source>Các xã cần gói cài đặt (chưa có khóa, chưa có gói nào còn dùng được) đã được đánh dấu sẵn. Các gói được lưu vào một thư mục, mỗi xã một tệp và một mã dùng một lần. Gói mới thay gói trước của xã đó: mã của gói trước không đăng ký được máy nữa. Xã đã có khóa chỉ cần gói mới khi thay máy.</source>
        <translation>The communes that need a setup package (no key, and no package that can still be used) are ticked already. The packages are saved in one folder, one file and one one-time code per commune. A new package replaces the commune&apos;s previous one: the previous package&apos;s code no longer enrols a computer. A commune that already has a key needs a new package only when it replaces its computer.</translation>
    </message>
    <message>
        <source>Các xã cần gói</source>
        <translation>Communes that need one</translation>
    </message>
    <message>
        <source>Các xã chưa có khóa và chưa có gói nào còn dùng được</source>
        <translation>Communes without a key and without a package that can still be used</translation>
    </message>
    <message>
        <source>Chọn tất cả</source>
        <translation>Tick all</translation>
    </message>
    <message>
        <source>Bỏ chọn tất cả</source>
        <translation>Untick all</translation>
    </message>
    <message>
        <source>Chọn thư mục và tạo gói…</source>
        <translation>Choose a folder and make the packages…</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>chưa tạo</source>
        <translation>none made</translation>
    </message>
    <message>
        <source>tạo ngày {made}, đã đăng ký máy ngày {used}</source>
        <translation>made on {made}, enrolled a computer on {used}</translation>
    </message>
    <message>
        <source>tạo ngày {made}, đã hết hạn</source>
        <translation>made on {made}, expired</translation>
    </message>
    <message>
        <source>tạo ngày {made}, chưa dùng</source>
        <translation>made on {made}, not used yet</translation>
    </message>
    <message numerus="yes">
        <source>Đã chọn %n xã</source>
        <translation>
            <numerusform>%n commune ticked</numerusform>
            <numerusform>%n communes ticked</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CommunesModel</name>
    <message>
        <source>Xã</source>
        <translation>Commune</translation>
    </message>
    <message>
        <source>Tệp gần nhất</source>
        <translation>Latest file</translation>
    </message>
    <message>
        <source>Số ngày</source>
        <translation>Days</translation>
    </message>
    <message>
        <source>Số tệp</source>
        <translation>Files</translation>
    </message>
    <message>
        <source>Tệp còn thiếu</source>
        <translation>Missing files</translation>
    </message>
    <message>
        <source>Số hộ</source>
        <translation>Households</translation>
    </message>
    <message>
        <source>Hỗ trợ nhà ở</source>
        <translation>Housing support</translation>
    </message>
    <message>
        <source>Học viên</source>
        <translation>Learners</translation>
    </message>
    <message>
        <source>Khóa</source>
        <translation>Key</translation>
    </message>
    <message>
        <source>chưa gửi</source>
        <translation>not sent yet</translation>
    </message>
    <message>
        <source>Dấu vân tay khóa đang dùng: {fp}</source>
        <translation>Current key fingerprint: {fp}</translation>
    </message>
</context>
<context>
    <name>CommunesTab</name>
    <message>
        <source>Tình hình gửi tệp của từng xã: tệp gần nhất văn phòng nhận được, các tệp còn thiếu (theo số tệp của từng máy), số liệu văn phòng đang có và khóa của xã. Xã đã quá số ngày dưới đây chưa gửi tệp mới được tô màu vàng; xã chưa gửi tệp nào hiện chữ mờ.</source>
        <translation>How each commune is sending its files: the latest file the office received, the files still missing (by each computer&apos;s file numbers), the figures the office holds and the commune&apos;s key. Communes that have not sent a new file for more than the number of days below are highlighted in yellow; communes that have never sent a file are shown greyed out.</translation>
    </message>
    <message>
        <source>Coi là chậm khi quá</source>
        <translation>Count as late after</translation>
    </message>
    <message>
        <source> ngày</source>
        <translation> days</translation>
    </message>
    <message>
        <source>Tạo biên nhận…</source>
        <translation>Write receipt…</translation>
    </message>
    <message>
        <source>Biên nhận cho xã đang chọn: tệp văn phòng đã nhận, còn thiếu, bị từ chối, quyết định xử lý xung đột, quy tắc và chỉ tiêu mới. Gửi cho xã để xã áp dụng.</source>
        <translation>A receipt for the selected commune: files the office received, is missing and refused, conflict decisions, newer rules and targets. Send it to the commune to apply.</translation>
    </message>
    <message>
        <source>Biên nhận cho mọi xã…</source>
        <translation>Receipts for all communes…</translation>
    </message>
    <message>
        <source>{n} xã — {late} xã chậm gửi, {missing} xã còn thiếu tệp, {never} xã chưa gửi tệp nào</source>
        <translation>{n} communes — {late} late sending, {missing} with missing files, {never} never sent a file</translation>
    </message>
    <message>
        <source>Chọn thư mục để lưu biên nhận</source>
        <translation>Choose the folder to save the receipts in</translation>
    </message>
    <message>
        <source>Biên nhận</source>
        <translation>Receipts</translation>
    </message>
    <message>
        <source>Chưa xã nào có khóa được công nhận: văn phòng tạo biên nhận sau khi nhận tệp đầu tiên của xã.</source>
        <translation>No commune has a recognised key yet: the office writes receipts after a commune&apos;s first file is received.</translation>
    </message>
    <message>
        <source>Hãy chọn một xã trong danh sách.</source>
        <translation>Select a commune in the list.</translation>
    </message>
    <message>
        <source>Đang tạo biên nhận…</source>
        <translation>Writing receipts…</translation>
    </message>
    <message>
        <source>{name}: biên nhận số {n} — {file}</source>
        <translation>{name}: receipt no. {n} — {file}</translation>
    </message>
    <message>
        <source>{name}: chưa tạo — {why}</source>
        <translation>{name}: not written — {why}</translation>
    </message>
    <message>
        <source>Đã tạo {done}/{total} biên nhận.</source>
        <translation>Wrote {done}/{total} receipts.</translation>
    </message>
</context>
<context>
    <name>CompleteForm</name>
    <message>
        <source>Hoàn thành khóa học, cấp chứng chỉ</source>
        <translation>Course completed, certificates issued</translation>
    </message>
    <message>
        <source>Ngày cấp chứng chỉ</source>
        <translation>Certificate date</translation>
    </message>
    <message>
        <source>Học viên</source>
        <translation>Learners</translation>
    </message>
    <message>
        <source>Số chứng chỉ</source>
        <translation>Certificate number</translation>
    </message>
    <message>
        <source>Chứng chỉ</source>
        <translation>Certificate</translation>
    </message>
    <message>
        <source>Ghi số chứng chỉ của từng học viên; người chưa có chứng chỉ thì để trống (không được ghi hoàn thành).</source>
        <translation>Enter each learner&apos;s certificate number; leave it empty for those without one (they are not marked completed).</translation>
    </message>
    <message>
        <source>Ghi số chứng chỉ của ít nhất một học viên.</source>
        <translation>Enter the certificate number of at least one learner.</translation>
    </message>
</context>
<context>
    <name>ConflictFieldsModel</name>
    <message>
        <source>Đang dùng</source>
        <translation>In use</translation>
    </message>
    <message>
        <source>Phiên bản khác</source>
        <translation>Other version</translation>
    </message>
    <message>
        <source>máy {tag}</source>
        <translation>device {tag}</translation>
    </message>
    <message>
        <source>Thông tin</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Trước khi tách</source>
        <translation>Before they parted</translation>
    </message>
    <message>
        <source>Trước khi tách (không rõ)</source>
        <translation>Before they parted (unknown)</translation>
    </message>
    <message>
        <source>Giá trị được chọn giữ lại.</source>
        <translation>The value chosen to keep.</translation>
    </message>
    <message>
        <source>Bấm để chọn giá trị này.</source>
        <translation>Click to choose this value.</translation>
    </message>
    <message>
        <source>Phiên bản này đã sửa thông tin này (trước khi tách: “{before}”).</source>
        <translation>This version changed this field (before they parted: “{before}”).</translation>
    </message>
</context>
<context>
    <name>ConflictSetsModel</name>
    <message>
        <source>Xã</source>
        <translation>Commune</translation>
    </message>
    <message>
        <source>Bản ghi</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Số phiên bản</source>
        <translation>Versions</translation>
    </message>
    <message>
        <source>Phát hiện lúc</source>
        <translation>Found</translation>
    </message>
    <message>
        <source>Tình trạng</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Đã chọn, chờ xã áp dụng</source>
        <translation>Chosen, awaiting the commune</translation>
    </message>
    <message>
        <source>Chưa xử lý</source>
        <translation>Open</translation>
    </message>
</context>
<context>
    <name>ConflictsTab</name>
    <message>
        <source>Bản ghi xã gửi lên ở hai phiên bản sửa riêng rẽ (khôi phục bản sao lưu rồi sửa tiếp, hoặc sửa trên hai máy). Văn phòng giữ phiên bản đang dùng và lưu lại các phiên bản khác. Chọn một bản ghi để so sánh từng thông tin: giá trị trước khi tách và giá trị của từng phiên bản; ô tô vàng là thông tin phiên bản đó đã sửa. Chọn phiên bản giữ lại (và nếu cần, bấm vào ô của phiên bản khác để lấy giá trị đó), rồi ghi quyết định: quyết định được gửi về xã trong biên nhận tiếp theo, máy của xã áp dụng và gửi lại.</source>
        <translation>Records a commune sent in two versions edited apart (a backup restored and edited again, or edits on two computers). The office keeps the version in use and stores the others. Select a record to compare each field: the value before they parted and each version&apos;s value; an amber cell is a field that version changed. Choose the version to keep (and, if needed, click another version&apos;s cell to take that value), then record the decision: it goes to the commune in its next receipt; the commune&apos;s computer applies it and sends it back.</translation>
    </message>
    <message>
        <source>Xã:</source>
        <translation>Commune:</translation>
    </message>
    <message>
        <source>Tất cả các xã</source>
        <translation>All communes</translation>
    </message>
    <message>
        <source>Giữ phiên bản:</source>
        <translation>Keep version:</translation>
    </message>
    <message>
        <source>Ghi chú:</source>
        <translation>Note:</translation>
    </message>
    <message>
        <source>vì sao chọn như vậy (không bắt buộc)</source>
        <translation>why this choice (optional)</translation>
    </message>
    <message>
        <source>Ghi quyết định…</source>
        <translation>Record decision…</translation>
    </message>
    <message>
        <source>{n} bản ghi có nhiều phiên bản</source>
        <translation>{n} records with several versions</translation>
    </message>
    <message>
        <source>Không có xung đột nào đang chờ xử lý.</source>
        <translation>No conflicts waiting.</translation>
    </message>
    <message>
        <source>Chọn lại…</source>
        <translation>Choose again…</translation>
    </message>
    <message>
        <source>Đã chọn lúc {when} ({who}), chờ xã áp dụng: gửi trong biên nhận tiếp theo của xã.</source>
        <translation>Chosen at {when} ({who}), awaiting the commune: sent in the commune&apos;s next receipt.</translation>
    </message>
    <message>
        <source>Khi tệp của xã mang bản đã sửa theo quyết định về, xung đột này tự đóng.</source>
        <translation>When the commune&apos;s file brings back the record as decided, this conflict closes by itself.</translation>
    </message>
    <message>
        <source>{record} — {commune}</source>
        <translation>{record} — {commune}</translation>
    </message>
    <message>
        <source>Nhật ký không còn giữ phiên bản trước khi tách: chỉ so sánh các phiên bản với nhau.</source>
        <translation>The log no longer holds the version before they parted: the versions are compared with each other only.</translation>
    </message>
    <message>
        <source>{field}: {value} (máy {tag})</source>
        <translation>{field}: {value} (computer {tag})</translation>
    </message>
    <message>
        <source>Ghi quyết định</source>
        <translation>Record decision</translation>
    </message>
    <message>
        <source>{record} của {commune} sẽ được giữ như sau:

{lines}

Quyết định được gửi về xã trong biên nhận tiếp theo; máy của xã áp dụng và gửi lại trong tệp đồng bộ sau.</source>
        <translation>{record} of {commune} will be kept as follows:

{lines}

The decision goes to the commune in its next receipt; the commune&apos;s computer applies it and sends it back in its next sync file.</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Không ghi được quyết định</source>
        <translation>Decision not recorded</translation>
    </message>
</context>
<context>
    <name>CorrectForm</name>
    <message>
        <source>Sửa thông tin đã ghi</source>
        <translation>Correct what was recorded</translation>
    </message>
    <message>
        <source>Ngày đăng ký</source>
        <translation>Registered on</translation>
    </message>
    <message>
        <source>Người lập hồ sơ</source>
        <translation>Registered by</translation>
    </message>
    <message>
        <source>Ngày phê duyệt</source>
        <translation>Approved on</translation>
    </message>
    <message>
        <source>Số quyết định</source>
        <translation>Decision number</translation>
    </message>
    <message>
        <source>Vốn trung ương</source>
        <translation>Central budget</translation>
    </message>
    <message>
        <source>Vốn địa phương, xã hội hóa</source>
        <translation>Local budget, social funds</translation>
    </message>
    <message>
        <source>Người / cơ quan phê duyệt</source>
        <translation>Approved by (person or body)</translation>
    </message>
    <message>
        <source>Ngày khởi công</source>
        <translation>Started on</translation>
    </message>
    <message>
        <source>Người xác nhận khởi công</source>
        <translation>Start confirmed by</translation>
    </message>
    <message>
        <source>Ngày đạt giai đoạn</source>
        <translation>Stage reached on</translation>
    </message>
    <message>
        <source>Ngày nghiệm thu</source>
        <translation>Accepted on</translation>
    </message>
    <message>
        <source>Tổ / người nghiệm thu</source>
        <translation>Accepted by</translation>
    </message>
    <message>
        <source>Ngày dừng</source>
        <translation>Ended on</translation>
    </message>
    <message>
        <source>Lý do dừng</source>
        <translation>Reason for ending</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Vì sao sửa</source>
        <translation>Why corrected</translation>
    </message>
    <message>
        <source>ví dụ: nhập nhầm số quyết định</source>
        <translation>e.g. decision number mistyped</translation>
    </message>
    <message>
        <source>Cần ghi lý do sửa.</source>
        <translation>Give the reason for the correction.</translation>
    </message>
</context>
<context>
    <name>CourseDialog</name>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Sửa thông tin lớp…</source>
        <translation>Correct the course…</translation>
    </message>
    <message>
        <source>Đăng ký học viên…</source>
        <translation>Enrol a learner…</translation>
    </message>
    <message>
        <source>Bắt đầu học</source>
        <translation>Start the course</translation>
    </message>
    <message>
        <source>Hoàn thành, cấp chứng chỉ…</source>
        <translation>Complete, certificates…</translation>
    </message>
    <message>
        <source>Bỏ học…</source>
        <translation>Dropped out…</translation>
    </message>
    <message>
        <source>Kết quả sau học…</source>
        <translation>Outcome…</translation>
    </message>
    <message>
        <source>Đã học trước đây…</source>
        <translation>Trained before…</translation>
    </message>
    <message>
        <source>Mở lớp đào tạo nghề</source>
        <translation>Open a training course</translation>
    </message>
    <message>
        <source>Lớp mới</source>
        <translation>New course</translation>
    </message>
    <message>
        <source>Lớp {occupation}</source>
        <translation>Course {occupation}</translation>
    </message>
    <message>
        <source>{start} – {end}</source>
        <translation>{start} – {end}</translation>
    </message>
    <message>
        <source>{n} ngày học</source>
        <translation>{n} study days</translation>
    </message>
    <message>
        <source>{taken}/{seats} chỗ</source>
        <translation>{taken}/{seats} seats</translation>
    </message>
    <message>
        <source>{cost}/học viên</source>
        <translation>{cost}/learner</translation>
    </message>
</context>
<context>
    <name>CourseForm</name>
    <message>
        <source>Mở lớp đào tạo nghề</source>
        <translation>Open a training course</translation>
    </message>
    <message>
        <source>Sửa thông tin lớp</source>
        <translation>Correct the course</translation>
    </message>
    <message>
        <source>Nghề đào tạo</source>
        <translation>Occupation</translation>
    </message>
    <message>
        <source>ví dụ: Kỹ thuật chăn nuôi lợn</source>
        <translation>e.g. pig raising</translation>
    </message>
    <message>
        <source>Trình độ</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>Cơ sở đào tạo</source>
        <translation>Provider</translation>
    </message>
    <message>
        <source>ví dụ: Trung tâm GDNN-GDTX huyện</source>
        <translation>e.g. district vocational centre</translation>
    </message>
    <message>
        <source>Địa điểm học</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>Ngày khai giảng</source>
        <translation>Start date</translation>
    </message>
    <message>
        <source>Ngày kết thúc</source>
        <translation>End date</translation>
    </message>
    <message>
        <source> ngày</source>
        <translation> days</translation>
    </message>
    <message>
        <source>Số ngày học thực tế</source>
        <translation>Actual study days</translation>
    </message>
    <message>
        <source>Số chỗ</source>
        <translation>Seats</translation>
    </message>
    <message>
        <source>Chi phí đào tạo/học viên</source>
        <translation>Training cost per learner</translation>
    </message>
    <message>
        <source>Nguồn kinh phí</source>
        <translation>Funding source</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Notes</translation>
    </message>
</context>
<context>
    <name>CoursesModel</name>
    <message>
        <source>Xã</source>
        <translation>Commune</translation>
    </message>
    <message>
        <source>Nghề</source>
        <translation>Occupation</translation>
    </message>
    <message>
        <source>Trình độ</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>Cơ sở đào tạo</source>
        <translation>Provider</translation>
    </message>
    <message>
        <source>Khai giảng</source>
        <translation>Starts</translation>
    </message>
    <message>
        <source>Kết thúc</source>
        <translation>Ends</translation>
    </message>
    <message>
        <source>Chỗ đã nhận</source>
        <translation>Seats taken</translation>
    </message>
    <message>
        <source>Đang học</source>
        <translation>Studying</translation>
    </message>
    <message>
        <source>Hoàn thành</source>
        <translation>Completed</translation>
    </message>
    <message>
        <source>Bỏ học</source>
        <translation>Dropped</translation>
    </message>
</context>
<context>
    <name>DamagedDatabaseDialog</name>
    <message>
        <source>Cơ sở dữ liệu bị hỏng</source>
        <translation>The database is damaged</translation>
    </message>
    <message>
        <source>Tệp {name} bị hỏng: phần mềm không đọc được một phần dữ liệu trong tệp. Đừng ghi thêm vào tệp này.</source>
        <translation>The file {name} is damaged: the software cannot read part of its data. Do not write anything more to this file.</translation>
    </message>
    <message>
        <source>SQLite cho biết:</source>
        <translation>SQLite reports:</translation>
    </message>
    <message>
        <source>Cách khắc phục: khôi phục từ bản sao lưu gần nhất (đã chọn sẵn bên dưới). Tệp hỏng được giữ lại bên cạnh, không bị xóa.</source>
        <translation>The way out: restore from the latest backup (selected below). The damaged file is kept beside it, not deleted.</translation>
    </message>
    <message>
        <source>Không tìm thấy bản sao lưu nào trong thư mục {folder}. Nếu có bản sao lưu ở nơi khác (USB, thư mục khác), bấm “Chọn bản sao lưu khác…” để khôi phục từ đó.</source>
        <translation>No backup was found in the folder {folder}. If there is a backup elsewhere (a USB stick, another folder), click “Choose another backup…” to restore from it.</translation>
    </message>
    <message>
        <source>Khôi phục bản đã chọn</source>
        <translation>Restore the selected backup</translation>
    </message>
    <message>
        <source>Chọn bản sao lưu khác…</source>
        <translation>Choose another backup…</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>{name} — {when} — {unit}</source>
        <translation>{name} — {when} — {unit}</translation>
    </message>
    <message>
        <source>Chọn bản sao lưu</source>
        <translation>Choose a backup</translation>
    </message>
    <message>
        <source>Cơ sở dữ liệu Sổ Giảm Nghèo (*.db);;Tất cả các tệp (*)</source>
        <translation>Sổ Giảm Nghèo databases (*.db);;All files (*)</translation>
    </message>
    <message>
        <source>Đang khôi phục từ {name}…</source>
        <translation>Restoring from {name}…</translation>
    </message>
</context>
<context>
    <name>DateEdit</name>
    <message>
        <source>15/03/1998, hoặc chỉ năm: 1998</source>
        <translation>15/03/1998, or just the year: 1998</translation>
    </message>
    <message>
        <source>ngày/tháng/năm, ví dụ 15/03/2024</source>
        <translation>day/month/year, e.g. 15/03/2024</translation>
    </message>
    <message>
        <source>Cần ngày đầy đủ (ngày/tháng/năm), không chỉ năm {year}.</source>
        <translation>A full date (day/month/year) is needed, not only the year {year}.</translation>
    </message>
</context>
<context>
    <name>DatedStepForm</name>
    <message>
        <source>Khởi công</source>
        <translation>Construction start</translation>
    </message>
    <message>
        <source>Đạt giai đoạn tạm ứng đợt 1</source>
        <translation>Stage of the first tranche reached</translation>
    </message>
    <message>
        <source>Ngày khởi công</source>
        <translation>Started on</translation>
    </message>
    <message>
        <source>Ngày đạt giai đoạn</source>
        <translation>Stage reached on</translation>
    </message>
    <message>
        <source>Người xác nhận</source>
        <translation>Confirmed by</translation>
    </message>
    <message>
        <source>họ tên, chức vụ</source>
        <translation>name, position</translation>
    </message>
    <message>
        <source>{stage}: từ ngày này được chi đợt 1.</source>
        <translation>{stage}: the first tranche can be paid from this day.</translation>
    </message>
</context>
<context>
    <name>DbkkForm</name>
    <message>
        <source>Cả xã</source>
        <translation>Whole commune</translation>
    </message>
    <message>
        <source>Áp dụng cho</source>
        <translation>Applies to</translation>
    </message>
    <message>
        <source>Giai đoạn</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>chưa rõ</source>
        <translation>not known</translation>
    </message>
    <message>
        <source>đến năm</source>
        <translation>to</translation>
    </message>
    <message>
        <source>Từ năm</source>
        <translation>From year</translation>
    </message>
    <message>
        <source>Quyết định</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>số, ngày, cơ quan ban hành; ví dụ 612/QĐ-UBDT ngày 16/9/2021</source>
        <translation>number, date, issuer; for example 612/QĐ-UBDT of 16/9/2021</translation>
    </message>
    <message>
        <source>Lý do sửa, bỏ</source>
        <translation>Reason for change</translation>
    </message>
    <message>
        <source>Bỏ giai đoạn này</source>
        <translation>Remove this period</translation>
    </message>
    <message>
        <source>Dùng khi giai đoạn được nhập nhầm; cần ghi lý do.</source>
        <translation>For a period entered by mistake; a reason is needed.</translation>
    </message>
    <message>
        <source>Thôn/bản, xã đặc biệt khó khăn (ĐBKK)</source>
        <translation>Especially difficult villages and commune (ĐBKK)</translation>
    </message>
    <message>
        <source>Giai đoạn ĐBKK theo quyết định của cấp có thẩm quyền; để trống năm kết thúc khi chưa có quyết định mới.</source>
        <translation>The ĐBKK period as decided by the competent authority; leave the end year empty until a new decision.</translation>
    </message>
    <message>
        <source>Thôn/bản (chưa chọn)</source>
        <translation>Village (none selected)</translation>
    </message>
    <message>
        <source>Thêm giai đoạn mới</source>
        <translation>Add a new period</translation>
    </message>
    <message>
        <source>Đã ghi giai đoạn ĐBKK.</source>
        <translation>ĐBKK period recorded.</translation>
    </message>
    <message>
        <source>Đã sửa giai đoạn ĐBKK.</source>
        <translation>ĐBKK period changed.</translation>
    </message>
    <message>
        <source>Giai đoạn ĐBKK không thay đổi.</source>
        <translation>The ĐBKK period did not change.</translation>
    </message>
    <message>
        <source>Đã bỏ giai đoạn ĐBKK {period}.</source>
        <translation>ĐBKK period {period} removed.</translation>
    </message>
</context>
<context>
    <name>DeathDialog</name>
    <message>
        <source>Người mất vẫn ở trong sổ với tình trạng “đã mất” và ngày mất, không bị xóa; nếu người mất là chủ hộ, hãy chọn chủ hộ mới.</source>
        <translation>The person stays in the register as “deceased” with the date of death and is not deleted; if they were the head, choose a new head.</translation>
    </message>
    <message>
        <source>Người mất</source>
        <translation>Deceased</translation>
    </message>
    <message>
        <source>Ngày mất</source>
        <translation>Date of death</translation>
    </message>
    <message>
        <source>ví dụ: số giấy báo tử</source>
        <translation>for example: death notice number</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Notes</translation>
    </message>
</context>
<context>
    <name>DropForm</name>
    <message>
        <source>Bỏ học: {name}</source>
        <translation>Dropped out: {name}</translation>
    </message>
    <message>
        <source>Ngày bỏ học</source>
        <translation>Dropped on</translation>
    </message>
    <message>
        <source>Lý do</source>
        <translation>Reason</translation>
    </message>
</context>
<context>
    <name>DuplicatesModel</name>
    <message>
        <source>Lý do ghép</source>
        <translation>Matched on</translation>
    </message>
    <message>
        <source>Người thứ nhất</source>
        <translation>First person</translation>
    </message>
    <message>
        <source>Người thứ hai</source>
        <translation>Second person</translation>
    </message>
    <message>
        <source>Hỗ trợ</source>
        <translation>Support</translation>
    </message>
    <message>
        <source>Tình trạng</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>cùng số CCCD</source>
        <translation>same citizen ID</translation>
    </message>
    <message>
        <source>cùng họ tên, năm sinh và thôn</source>
        <translation>same name, birth year and village</translation>
    </message>
    <message>
        <source>Chưa xử lý</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Không phải cùng người</source>
        <translation>Not the same person</translation>
    </message>
    <message>
        <source>Đã xử lý</source>
        <translation>Dealt with</translation>
    </message>
    <message>
        <source>nhà ở</source>
        <translation>housing</translation>
    </message>
    <message>
        <source>học nghề</source>
        <translation>vocational training</translation>
    </message>
    <message>
        <source>Hỗ trợ hai nơi: {what}</source>
        <translation>Supported in both: {what}</translation>
    </message>
    <message>
        <source>hộ {code}</source>
        <translation>household {code}</translation>
    </message>
    <message>
        <source>Số CCCD: {id}</source>
        <translation>Citizen ID: {id}</translation>
    </message>
    <message>
        <source>{who}, {when}</source>
        <translation>{who}, {when}</translation>
    </message>
</context>
<context>
    <name>DuplicatesTab</name>
    <message>
        <source>Những người có thể đang có tên ở hai xã: cùng số CCCD, hoặc cùng họ tên, năm sinh và thôn. Người được hỗ trợ ở cả hai nơi (nhà ở, học nghề) được xếp lên đầu và tô màu vàng. Kiểm tra với hai xã, rồi ghi kết luận: không phải cùng người (ghi rõ lý do) hoặc đã xử lý.</source>
        <translation>People who may be registered in two communes: the same citizen ID, or the same name, birth year and village. People supported in both places (housing, vocational training) come first, in amber. Check with both communes, then record the outcome: not the same person (with the reason) or dealt with.</translation>
    </message>
    <message>
        <source>Tình trạng:</source>
        <translation>State:</translation>
    </message>
    <message>
        <source>Tất cả</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Chưa xử lý</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Không phải cùng người</source>
        <translation>Not the same person</translation>
    </message>
    <message>
        <source>Đã xử lý</source>
        <translation>Dealt with</translation>
    </message>
    <message>
        <source>Xã:</source>
        <translation>Commune:</translation>
    </message>
    <message>
        <source>Tất cả các xã</source>
        <translation>All communes</translation>
    </message>
    <message>
        <source>Không phải cùng người…</source>
        <translation>Not the same person…</translation>
    </message>
    <message>
        <source>Đã xử lý…</source>
        <translation>Dealt with…</translation>
    </message>
    <message>
        <source>Mở lại</source>
        <translation>Reopen</translation>
    </message>
    <message>
        <source>{n} cặp — {open} cặp chưa xử lý, {twice} cặp được hỗ trợ hai nơi</source>
        <translation>{n} pairs — {open} open, {twice} supported in both places</translation>
    </message>
    <message>
        <source>{a} ({commune_a}) và {b} ({commune_b})</source>
        <translation>{a} ({commune_a}) and {b} ({commune_b})</translation>
    </message>
    <message>
        <source>{pair}: ghi lý do kết luận đây là hai người khác nhau (ví dụ: khác cha mẹ, khác quê).</source>
        <translation>{pair}: write why these are two different people (for example: different parents, different home village).</translation>
    </message>
    <message>
        <source>Ghi nhận</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>{pair}: đã xử lý trùng lặp (ví dụ: xã đã xóa tên ở một nơi). Ghi chú (không bắt buộc):</source>
        <translation>{pair}: the duplicate has been dealt with (for example: a commune removed one entry). Note (optional):</translation>
    </message>
</context>
<context>
    <name>EndForm</name>
    <message>
        <source>Không được duyệt</source>
        <translation>Not approved</translation>
    </message>
    <message>
        <source>Hủy hỗ trợ</source>
        <translation>Cancel the support</translation>
    </message>
    <message>
        <source>Ngày</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Lý do</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Người quyết định</source>
        <translation>Decided by</translation>
    </message>
</context>
<context>
    <name>EnrolForm</name>
    <message>
        <source>Đăng ký học viên</source>
        <translation>Enrol a learner</translation>
    </message>
    <message>
        <source>Gõ tên (có dấu hoặc không) hoặc số CCCD</source>
        <translation>Type a name (with or without accents) or a citizen ID</translation>
    </message>
    <message>
        <source>Tìm người học</source>
        <translation>Find the learner</translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Năm sinh</source>
        <translation>Born</translation>
    </message>
    <message>
        <source>Hộ</source>
        <translation>Household</translation>
    </message>
    <message>
        <source>Thôn/bản</source>
        <translation>Village</translation>
    </message>
    <message>
        <source>Người học</source>
        <translation>Learner</translation>
    </message>
    <message>
        <source>Ngày đăng ký</source>
        <translation>Enrolled on</translation>
    </message>
    <message>
        <source>Nhóm đối tượng</source>
        <translation>Learner group</translation>
    </message>
    <message>
        <source>Lý do chọn nhóm khác</source>
        <translation>Why another group</translation>
    </message>
    <message>
        <source>Từ nhà đến nơi học</source>
        <translation>Home to training site</translation>
    </message>
    <message>
        <source>Ở thôn/xã đặc biệt khó khăn</source>
        <translation>Lives in an especially difficult area</translation>
    </message>
    <message>
        <source>Hỗ trợ chi phí đào tạo</source>
        <translation>Training cost support</translation>
    </message>
    <message>
        <source>Hỗ trợ theo định mức</source>
        <translation>Support by the norms</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Lớp {occupation}, khai giảng {start}; chi phí {cost}/học viên.</source>
        <translation>Course {occupation}, starting {start}; cost {cost}/learner.</translation>
    </message>
    <message>
        <source>lao động nông thôn</source>
        <translation>rural worker</translation>
    </message>
    <message>
        <source>{name}, {age} tuổi khi khai giảng · {facts} → nhóm đề xuất: {group}</source>
        <translation>{name}, {age} at the start · {facts} → proposed group: {group}</translation>
    </message>
    <message>
        <source>Đã học trước đây: {list}</source>
        <translation>Trained before: {list}</translation>
    </message>
    <message>
        <source>chi phí tối đa {cap}; tiền ăn {meal}/ngày học; đi lại {travel}</source>
        <translation>cost at most {cap}; meals {meal}/study day; travel {travel}</translation>
    </message>
    <message>
        <source>không (dưới mức khoảng cách)</source>
        <translation>none (too near)</translation>
    </message>
</context>
<context>
    <name>ExportsModel</name>
    <message>
        <source>Số</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Tệp</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Ngày giờ xuất</source>
        <translation>Exported at</translation>
    </message>
    <message>
        <source>Mã hóa</source>
        <translation>Encryption</translation>
    </message>
    <message>
        <source>Số bản ghi</source>
        <translation>Records</translation>
    </message>
    <message>
        <source>Nơi ghi</source>
        <translation>Written to</translation>
    </message>
    <message>
        <source>Có</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>Không</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Tệp không mã hóa: ai có tệp cũng đọc được họ tên và số CCCD.</source>
        <translation>Not encrypted: anyone who has the file can read the names and citizen-ID numbers.</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Tạo cơ sở dữ liệu mới</source>
        <translation>New database</translation>
    </message>
    <message>
        <source>Chọn đơn vị của bạn để tạo cơ sở dữ liệu. Mỗi xã dùng một cơ sở dữ liệu riêng; văn phòng tổng hợp dùng cơ sở dữ liệu để nhận và gộp dữ liệu của các xã.</source>
        <translation>Choose your unit to create its database. Each commune keeps a database of its own; the consolidating office uses one to receive and merge the communes&apos; data.</translation>
    </message>
    <message>
        <source>Xã — cơ sở dữ liệu của một xã</source>
        <translation>Commune — the database of one commune</translation>
    </message>
    <message>
        <source>Văn phòng tổng hợp — nhận và gộp dữ liệu của các xã</source>
        <translation>Consolidating office — receives and merges the communes&apos; data</translation>
    </message>
    <message>
        <source>Xã — từ gói cài đặt do văn phòng tổng hợp gửi (kèm mã dùng một lần)</source>
        <translation>Commune — from a setup package sent by the consolidating office (with a one-time code)</translation>
    </message>
    <message>
        <source>Trước 1/7/2025 — có cấp huyện (danh mục 2023)</source>
        <translation>Before 1 July 2025 — with districts (2023 list)</translation>
    </message>
    <message>
        <source>Từ 1/7/2025 — sau sắp xếp, không còn cấp huyện (danh mục 2025)</source>
        <translation>From 1 July 2025 — after the reorganisation, no districts (2025 list)</translation>
    </message>
    <message>
        <source>Gõ tên hoặc mã để tìm…</source>
        <translation>Type a name or code to search…</translation>
    </message>
    <message>
        <source>Tệp .gnsetup văn phòng tổng hợp gửi (USB)</source>
        <translation>The .gnsetup file the consolidating office sent (USB)</translation>
    </message>
    <message>
        <source>Chọn…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>Mã dùng một lần gồm 13 chữ số, dạng {example}: văn phòng tổng hợp đọc cho xã qua điện thoại. Gõ có hay không có dấu gạch ngang đều được; số cuối là số kiểm tra.</source>
        <translation>The one-time code has 13 digits, like {example}: the consolidating office reads it to the commune over the phone. Type it with or without the dashes; the last digit is a check digit.</translation>
    </message>
    <message>
        <source>Tạo cơ sở dữ liệu</source>
        <translation>Create database</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>1. Loại cơ sở dữ liệu</source>
        <translation>1. Kind of database</translation>
    </message>
    <message>
        <source>2. Danh mục đơn vị hành chính</source>
        <translation>2. List of administrative units</translation>
    </message>
    <message>
        <source>3. Đơn vị</source>
        <translation>3. Unit</translation>
    </message>
    <message>
        <source>2. Gói cài đặt và mã dùng một lần</source>
        <translation>2. Setup package and one-time code</translation>
    </message>
    <message>
        <source>4. Nơi lưu tệp dữ liệu</source>
        <translation>4. Where to save the database file</translation>
    </message>
    <message>
        <source>3. Nơi lưu tệp dữ liệu</source>
        <translation>3. Where to save the database file</translation>
    </message>
    <message>
        <source>Gõ vài chữ của tên hoặc mã xã để tìm, ví dụ “quai nua” hoặc “03274”.</source>
        <translation>Type part of the commune&apos;s name or code, for example “quai nua” or “03274”.</translation>
    </message>
    <message>
        <source>Văn phòng tổng hợp theo danh mục 2023 là cấp huyện, ví dụ “099 — Huyện Tuần Giáo”.</source>
        <translation>In the 2023 list the consolidating office is a district, for example “099 — Huyện Tuần Giáo”.</translation>
    </message>
    <message>
        <source>Sau 1/7/2025 không còn cấp huyện: văn phòng tổng hợp là cấp tỉnh.</source>
        <translation>From 1 July 2025 there are no districts: the consolidating office is the province.</translation>
    </message>
    <message>
        <source>Chọn nơi lưu cơ sở dữ liệu</source>
        <translation>Choose where to save the database</translation>
    </message>
    <message>
        <source>Cơ sở dữ liệu Sổ Giảm Nghèo (*.db);;Tất cả các tệp (*)</source>
        <translation>Sổ Giảm Nghèo databases (*.db);;All files (*)</translation>
    </message>
    <message>
        <source>Chọn gói cài đặt</source>
        <translation>Choose the setup package</translation>
    </message>
    <message>
        <source>Gói cài đặt Sổ Giảm Nghèo (*.gnsetup);;Tất cả các tệp (*)</source>
        <translation>Sổ Giảm Nghèo setup packages (*.gnsetup);;All files (*)</translation>
    </message>
    <message>
        <source>Không tạo được tệp {path}: {error}</source>
        <translation>Cannot create the file {path}: {error}</translation>
    </message>
    <message>
        <source>Đối chiếu khóa với văn phòng tổng hợp</source>
        <translation>Compare keys with the consolidating office</translation>
    </message>
    <message>
        <source>Đã tạo cơ sở dữ liệu của {name} từ gói cài đặt.

Dấu vân tay khóa của văn phòng tổng hợp {office}: {office_fp}
Dấu vân tay khóa của máy này: {own_fp}

Hãy gọi điện cho văn phòng: đối chiếu dấu vân tay của văn phòng, và đọc dấu vân tay của máy này để văn phòng đối chiếu.</source>
        <translation>The database of {name} was created from the setup package.

Fingerprint of the key of the consolidating office {office}: {office_fp}
Fingerprint of this computer&apos;s key: {own_fp}

Call the office: compare the office&apos;s fingerprint, and read this computer&apos;s fingerprint for the office to compare.</translation>
    </message>
</context>
<context>
    <name>Form</name>
    <message>
        <source>Điền các ô có dấu * để lưu.</source>
        <translation>Fill in the fields marked * to save.</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>Lịch sử thay đổi — hộ {code}</source>
        <translation>History of changes — household {code}</translation>
    </message>
    <message numerus="yes">
        <source>%n thay đổi của hộ, các nhân khẩu và các phiếu rà soát; mới nhất ở trên.</source>
        <translation>
            <numerusform>%n change to the household, its members and its assessments; newest first.</numerusform>
            <numerusform>%n changes to the household, its members and its assessments; newest first.</numerusform>
        </translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <source>Thời gian</source>
        <translation>When</translation>
    </message>
    <message>
        <source>Người thực hiện</source>
        <translation>By</translation>
    </message>
    <message>
        <source>Thao tác</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Đối tượng</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Thông tin</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Giá trị cũ</source>
        <translation>Old value</translation>
    </message>
    <message>
        <source>Giá trị mới</source>
        <translation>New value</translation>
    </message>
    <message>
        <source>Lý do</source>
        <translation>Reason</translation>
    </message>
</context>
<context>
    <name>HouseholdEditor</name>
    <message>
        <source>Sự kiện</source>
        <translation>Events</translation>
    </message>
    <message>
        <source>Hộ này đang ở thùng rác (lý do: {reason}); chỉ xem. Khôi phục hộ để sửa.</source>
        <translation>This household is in the trash (reason: {reason}); view only. Restore it to edit.</translation>
    </message>
    <message>
        <source>&amp;1. Hộ và nhân khẩu</source>
        <translation>&amp;1. Household and members</translation>
    </message>
    <message>
        <source>&amp;2. Rà soát hằng năm</source>
        <translation>&amp;2. Annual assessment</translation>
    </message>
    <message>
        <source>&amp;3. Lịch sử thay đổi</source>
        <translation>&amp;3. History of changes</translation>
    </message>
    <message>
        <source>&amp;Lưu (Ctrl+S)</source>
        <translation>&amp;Save (Ctrl+S)</translation>
    </message>
    <message>
        <source>Đón&amp;g</source>
        <translation>Clo&amp;se</translation>
    </message>
    <message>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>— chọn thôn/bản —</source>
        <translation>— choose a village —</translation>
    </message>
    <message>
        <source>&amp;Mã hộ:</source>
        <translation>Household &amp;code:</translation>
    </message>
    <message>
        <source>&amp;Thôn/bản:</source>
        <translation>&amp;Village:</translation>
    </message>
    <message>
        <source>Gh&amp;i chú:</source>
        <translation>Not&amp;es:</translation>
    </message>
    <message>
        <source>Thêm &amp;người</source>
        <translation>Add a &amp;person</translation>
    </message>
    <message>
        <source>&amp;Bỏ người khỏi danh sách</source>
        <translation>Re&amp;move from the list</translation>
    </message>
    <message>
        <source>Đị&amp;a bàn:</source>
        <translation>&amp;Area:</translation>
    </message>
    <message>
        <source>Địa &amp;chỉ:</source>
        <translation>Add&amp;ress:</translation>
    </message>
    <message>
        <source>Điện th&amp;oại:</source>
        <translation>Ph&amp;one:</translation>
    </message>
    <message>
        <source>Làm chủ &amp;hộ</source>
        <translation>Make &amp;head</translation>
    </message>
    <message>
        <source>Lên</source>
        <translation>Up</translation>
    </message>
    <message>
        <source>&amp;Xuống</source>
        <translation>Do&amp;wn</translation>
    </message>
    <message>
        <source>Thêm một người vào cuối danh sách (Ctrl+Insert)</source>
        <translation>Add a person at the end of the list (Ctrl+Insert)</translation>
    </message>
    <message>
        <source>Bỏ người nhập nhầm. Người mất hoặc chuyển đi: dùng menu Sự kiện để ghi biến động.</source>
        <translation>Remove a person entered by mistake. For someone who died or moved away, record the event from the Events menu.</translation>
    </message>
    <message>
        <source>Chuyển người đang chọn lên trên (Ctrl+Up)</source>
        <translation>Move the selected person up (Ctrl+Up)</translation>
    </message>
    <message>
        <source>Chuyển người đang chọn xuống dưới (Ctrl+Down)</source>
        <translation>Move the selected person down (Ctrl+Down)</translation>
    </message>
    <message>
        <source>Thêm hộ mới</source>
        <translation>New household</translation>
    </message>
    <message>
        <source>Hộ mới — mã {code}</source>
        <translation>New household — code {code}</translation>
    </message>
    <message>
        <source>Hộ {code}</source>
        <translation>Household {code}</translation>
    </message>
    <message>
        <source>Bỏ người khỏi danh sách</source>
        <translation>Remove from the list</translation>
    </message>
    <message>
        <source>Bỏ {name} khỏi danh sách nhân khẩu của hộ? Chỉ dùng khi nhập nhầm; người mất hoặc chuyển đi thì ghi bằng menu Sự kiện. Việc bỏ được ghi vào lịch sử khi lưu.</source>
        <translation>Remove {name} from the household&apos;s members? Only for a mistaken entry; record a death or a move from the Events menu. The removal is kept in the history when you save.</translation>
    </message>
    <message>
        <source>người này</source>
        <translation>this person</translation>
    </message>
    <message>
        <source>Bỏ khỏi danh sách</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Không bỏ</source>
        <translation>Keep</translation>
    </message>
    <message>
        <source>Nhân khẩu ({present} đang ở trong hộ, {count} trong danh sách)</source>
        <translation>Members ({present} living in the household, {count} listed)</translation>
    </message>
    <message>
        <source>Lưu hộ trước khi ghi biến động.</source>
        <translation>Save the household before recording an event.</translation>
    </message>
    <message>
        <source>người thứ {n}</source>
        <translation>person {n}</translation>
    </message>
    <message>
        <source>Dòng {n} ({who}) — {column}: {message}</source>
        <translation>Row {n} ({who}) — {column}: {message}</translation>
    </message>
    <message>
        <source>Chỉ xem.</source>
        <translation>View only.</translation>
    </message>
    <message numerus="yes">
        <source>Còn %n lỗi cần sửa trước khi lưu (ô tô đỏ; rê chuột lên ô để xem).</source>
        <translation>
            <numerusform>%n error to correct before saving (red cells; hover over a cell to read it).</numerusform>
            <numerusform>%n errors to correct before saving (red cells; hover over a cell to read it).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n cảnh báo (ô tô vàng) — sẽ hỏi lại khi lưu.</source>
        <translation>
            <numerusform>%n warning (yellow cells) — you will be asked to confirm when saving.</numerusform>
            <numerusform>%n warnings (yellow cells) — you will be asked to confirm when saving.</numerusform>
        </translation>
    </message>
    <message>
        <source>Có thay đổi chưa lưu.</source>
        <translation>Unsaved changes.</translation>
    </message>
    <message>
        <source>Lưu hộ — có cảnh báo</source>
        <translation>Save the household — warnings</translation>
    </message>
    <message>
        <source>Không lưu được</source>
        <translation>Could not save</translation>
    </message>
    <message>
        <source>Đã lưu lúc {time}.</source>
        <translation>Saved at {time}.</translation>
    </message>
    <message>
        <source>Đóng mà chưa lưu?</source>
        <translation>Close without saving?</translation>
    </message>
    <message>
        <source>Hộ có thay đổi chưa lưu. Lưu trước khi đóng?</source>
        <translation>The household has unsaved changes. Save before closing?</translation>
    </message>
    <message>
        <source>Bỏ thay đổi</source>
        <translation>Discard changes</translation>
    </message>
    <message>
        <source>Quay lại</source>
        <translation>Go back</translation>
    </message>
    <message>
        <source>&amp;4. Hỗ trợ nhà ở</source>
        <translation>&amp;4. Housing support</translation>
    </message>
    <message>
        <source>Ghi biến động</source>
        <translation>Record an event</translation>
    </message>
    <message>
        <source>Hộ có thay đổi chưa lưu. Lưu trước rồi ghi biến động?</source>
        <translation>The household has unsaved changes. Save them first, then record the event?</translation>
    </message>
    <message>
        <source>Lưu rồi tiếp tục</source>
        <translation>Save and continue</translation>
    </message>
</context>
<context>
    <name>HouseholdsModel</name>
    <message>
        <source>Xếp theo tên, rồi tên đệm và họ (thứ tự chữ cái tiếng Việt)</source>
        <translation>Sorted by given name, then middle and family name (Vietnamese alphabetical order)</translation>
    </message>
    <message>
        <source>Mã hộ</source>
        <translation>Household code</translation>
    </message>
    <message>
        <source>Chủ hộ</source>
        <translation>Head of household</translation>
    </message>
    <message>
        <source>Người có tên khớp</source>
        <translation>Matching person</translation>
    </message>
    <message>
        <source>Thôn/bản</source>
        <translation>Village</translation>
    </message>
    <message>
        <source>Nhân khẩu</source>
        <translation>Members</translation>
    </message>
    <message>
        <source>Phân loại {year}</source>
        <translation>Classification {year}</translation>
    </message>
    <message>
        <source>ĐK thoát nghèo</source>
        <translation>Registered to escape</translation>
    </message>
    <message>
        <source>Xã</source>
        <translation>Commune</translation>
    </message>
    <message>
        <source>Lý do xóa</source>
        <translation>Reason for deleting</translation>
    </message>
    <message>
        <source>Đã xóa: {reason}</source>
        <translation>Deleted: {reason}</translation>
    </message>
    <message>
        <source>(chưa có chủ hộ)</source>
        <translation>(no head yet)</translation>
    </message>
    <message>
        <source>Chưa rà soát</source>
        <translation>Not assessed</translation>
    </message>
    <message>
        <source>Có</source>
        <translation>Yes</translation>
    </message>
</context>
<context>
    <name>HouseholdsPane</name>
    <message>
        <source>Văn phòng tổng hợp: danh sách hộ của tất cả các xã, chỉ xem. Hộ được nhập và sửa ở xã, rồi gửi lên bằng tệp đồng bộ.</source>
        <translation>Consolidating office: the households of every commune, view only. Households are entered and corrected in the communes and arrive in sync files.</translation>
    </message>
    <message>
        <source>Hộ gia đình</source>
        <translation>Households</translation>
    </message>
    <message>
        <source>Thêm hộ</source>
        <translation>New household</translation>
    </message>
    <message>
        <source>Mở</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Xóa…</source>
        <translation>Delete…</translation>
    </message>
    <message>
        <source>Khôi phục…</source>
        <translation>Restore…</translation>
    </message>
    <message>
        <source>Lịch sử</source>
        <translation>History</translation>
    </message>
    <message>
        <source>Sự kiện</source>
        <translation>Events</translation>
    </message>
    <message>
        <source>Thôn/bản…</source>
        <translation>Villages…</translation>
    </message>
    <message>
        <source>Mọi xã</source>
        <translation>All communes</translation>
    </message>
    <message>
        <source>Mọi phân loại</source>
        <translation>All classifications</translation>
    </message>
    <message>
        <source>Chưa rà soát năm này</source>
        <translation>Not assessed this year</translation>
    </message>
    <message>
        <source>&amp;Phân loại:</source>
        <translation>&amp;Classification:</translation>
    </message>
    <message>
        <source>Mọi dân tộc</source>
        <translation>All ethnic groups</translation>
    </message>
    <message>
        <source>&amp;Dân tộc:</source>
        <translation>Ethnic &amp;group:</translation>
    </message>
    <message>
        <source>Tất cả</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Có</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>Không</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Hộ đăng ký thoát nghèo trong năm đã chọn</source>
        <translation>Households registered to escape poverty in the chosen year</translation>
    </message>
    <message>
        <source>Xã:</source>
        <translation>Commune:</translation>
    </message>
    <message>
        <source>Tìm theo tên, mã hộ, số CCCD… (Ctrl+F)</source>
        <translation>Find by name, household code, citizen ID… (Ctrl+F)</translation>
    </message>
    <message>
        <source>Tên bất kỳ người nào trong hộ, mã hộ hoặc số CCCD; gõ có dấu hay không dấu đều được (“lo van thuong” tìm được “Lò Văn Thượng”).</source>
        <translation>The name of anyone in the household, the household code or a citizen ID; with or without accents (“lo van thuong” finds “Lò Văn Thượng”).</translation>
    </message>
    <message>
        <source>Thôn/&amp;bản:</source>
        <translation>&amp;Village:</translation>
    </message>
    <message>
        <source>Nă&amp;m:</source>
        <translation>Y&amp;ear:</translation>
    </message>
    <message>
        <source>Thoát ng&amp;hèo:</source>
        <translation>Escape &amp;poverty:</translation>
    </message>
    <message>
        <source>Thùng &amp;rác</source>
        <translation>T&amp;rash</translation>
    </message>
    <message>
        <source>Xem các hộ đã xóa (có thể khôi phục)</source>
        <translation>Show deleted households (they can be restored)</translation>
    </message>
    <message>
        <source>Đang tìm…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <source>Mọi thôn/bản</source>
        <translation>All villages</translation>
    </message>
    <message>
        <source>Thêm hộ mới</source>
        <translation>New household</translation>
    </message>
    <message>
        <source>Tìm</source>
        <translation>Find</translation>
    </message>
    <message>
        <source>Mở hộ</source>
        <translation>Open the household</translation>
    </message>
    <message>
        <source>Xóa hộ…</source>
        <translation>Delete the household…</translation>
    </message>
    <message>
        <source>Khôi phục hộ…</source>
        <translation>Restore the household…</translation>
    </message>
    <message>
        <source>Lịch sử thay đổi</source>
        <translation>History of changes</translation>
    </message>
    <message>
        <source>Thêm hộ mới (Ctrl+N)</source>
        <translation>New household (Ctrl+N)</translation>
    </message>
    <message>
        <source>Mở hộ đang chọn để xem và sửa (Enter)</source>
        <translation>Open the selected household to view and edit (Enter)</translation>
    </message>
    <message>
        <source>Chuyển hộ đang chọn vào thùng rác (Delete)</source>
        <translation>Move the selected household to the trash (Delete)</translation>
    </message>
    <message>
        <source>Không tìm được: {error}</source>
        <translation>Search failed: {error}</translation>
    </message>
    <message>
        <source>Thùng rác: {shown} / {total} hộ đã xóa</source>
        <translation>Trash: {shown} / {total} deleted households</translation>
    </message>
    <message>
        <source>Đang hiển thị {shown} / {total} hộ</source>
        <translation>Showing {shown} / {total} households</translation>
    </message>
    <message>
        <source>Xem</source>
        <translation>View</translation>
    </message>
    <message>
        <source>Xóa hộ</source>
        <translation>Delete the household</translation>
    </message>
    <message>
        <source>Chuyển hộ {code} ({head}) vào thùng rác. Hộ có thể khôi phục lại sau.
Lý do xóa:</source>
        <translation>Move household {code} ({head}) to the trash. It can be restored later.
Reason for deleting:</translation>
    </message>
    <message>
        <source>Khôi phục hộ</source>
        <translation>Restore the household</translation>
    </message>
    <message>
        <source>Đưa hộ {code} ({head}) trở lại danh sách.
Ghi chú (không bắt buộc):</source>
        <translation>Bring household {code} ({head}) back to the list.
Note (optional):</translation>
    </message>
    <message>
        <source>Khôi phục</source>
        <translation>Restore</translation>
    </message>
</context>
<context>
    <name>HousingPane</name>
    <message>
        <source>Văn phòng tổng hợp: hỗ trợ nhà ở của tất cả các xã, chỉ xem. Hỗ trợ được ghi ở xã, rồi gửi lên bằng tệp đồng bộ.</source>
        <translation>Consolidating office: housing support of every commune, read-only. Supports are recorded at the communes and sent in sync files.</translation>
    </message>
    <message>
        <source>Hỗ trợ nhà ở — Dự án 5</source>
        <translation>Housing support — Project 5</translation>
    </message>
    <message>
        <source>Mở</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Đăng ký hỗ trợ… (Ctrl+N)</source>
        <translation>Register a support… (Ctrl+N)</translation>
    </message>
    <message>
        <source>Mọi bước</source>
        <translation>All steps</translation>
    </message>
    <message>
        <source>Đang thực hiện</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>Mọi thôn/bản</source>
        <translation>All villages</translation>
    </message>
    <message>
        <source>Mọi chương trình</source>
        <translation>All programs</translation>
    </message>
    <message>
        <source>Mọi năm đăng ký</source>
        <translation>All registration years</translation>
    </message>
    <message>
        <source>Mọi xã</source>
        <translation>All communes</translation>
    </message>
    <message>
        <source>Kế hoạch</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>Đã phê duyệt</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>Đã chi</source>
        <translation>Paid</translation>
    </message>
    <message>
        <source>So với kế hoạch</source>
        <translation>Against the plan</translation>
    </message>
    <message>
        <source>Chi / kế hoạch</source>
        <translation>Paid / plan</translation>
    </message>
    <message>
        <source>Vốn trung ương</source>
        <translation>Central budget</translation>
    </message>
    <message>
        <source>Vốn địa phương, XHH</source>
        <translation>Local budget, social funds</translation>
    </message>
    <message>
        <source>Tổng</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Cả giai đoạn</source>
        <translation>Whole period</translation>
    </message>
    <message>
        <source>Năm {year}</source>
        <translation>Year {year}</translation>
    </message>
    <message>
        <source>xã đã chọn</source>
        <translation>the chosen commune</translation>
    </message>
    <message>
        <source>cả huyện</source>
        <translation>whole district</translation>
    </message>
    <message>
        <source>cả xã</source>
        <translation>whole commune</translation>
    </message>
    <message>
        <source>Cả giai đoạn ({where}): {done} nhà đã nghiệm thu; chỉ tiêu các năm của kế hoạch: {target} hộ.</source>
        <translation>Whole period ({where}): {done} houses accepted; the plan&apos;s targets over its years: {target} households.</translation>
    </message>
    <message>
        <source>Năm {year} ({where}): {done} nhà nghiệm thu trong năm; chỉ tiêu: {target} hộ. Tiền phê duyệt và chi trong năm.</source>
        <translation>{year} ({where}): {done} houses accepted in the year; target: {target} households. Money approved and paid in the year.</translation>
    </message>
    <message>
        <source>{n} hỗ trợ nhà ở</source>
        <translation>{n} housing supports</translation>
    </message>
    <message>
        <source>Chưa có hỗ trợ nào.</source>
        <translation>No support yet.</translation>
    </message>
</context>
<context>
    <name>HousingTab</name>
    <message>
        <source>Chương trình</source>
        <translation>Program</translation>
    </message>
    <message>
        <source>Loại</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Bước</source>
        <translation>Step</translation>
    </message>
    <message>
        <source>Ngày đăng ký</source>
        <translation>Registered on</translation>
    </message>
    <message>
        <source>Được duyệt</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>Đã chi</source>
        <translation>Paid</translation>
    </message>
    <message>
        <source>Hỗ trợ nhà ở (Dự án 5 và các chương trình đang theo dõi)</source>
        <translation>Housing support (Project 5 and the programs followed here)</translation>
    </message>
    <message>
        <source>Đăng ký hỗ trợ…</source>
        <translation>Register a support…</translation>
    </message>
    <message>
        <source>Mở hỗ trợ…</source>
        <translation>Open the support…</translation>
    </message>
    <message>
        <source>Ghi hỗ trợ đã nhận trước đây…</source>
        <translation>Record an earlier support…</translation>
    </message>
    <message>
        <source>Xóa hỗ trợ trước đây ghi nhầm…</source>
        <translation>Remove an earlier support recorded by mistake…</translation>
    </message>
    <message>
        <source>Đã nhận trước đây: {list}</source>
        <translation>Received before: {list}</translation>
    </message>
    <message>
        <source>Chưa ghi hỗ trợ nhà ở nào nhận trước đây.</source>
        <translation>No earlier housing support recorded.</translation>
    </message>
    <message>
        <source>Hộ đã có hỗ trợ nhà ở: mỗi hộ chỉ được hỗ trợ một lần.</source>
        <translation>The household already has housing support: a household is supported once only.</translation>
    </message>
    <message>
        <source>Xóa hỗ trợ trước đây</source>
        <translation>Remove an earlier support</translation>
    </message>
    <message>
        <source>Xóa “{program} ({year})”? Vì sao (ghi nhầm hộ, nhầm chương trình…)?</source>
        <translation>Remove “{program} ({year})”? Why (wrong household, wrong program…)?</translation>
    </message>
    <message>
        <source>Xóa</source>
        <translation>Remove</translation>
    </message>
</context>
<context>
    <name>KeysModel</name>
    <message>
        <source>Xã</source>
        <translation>Commune</translation>
    </message>
    <message>
        <source>Dấu vân tay</source>
        <translation>Fingerprint</translation>
    </message>
    <message>
        <source>Tình trạng</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Từ ngày</source>
        <translation>Since</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Notes</translation>
    </message>
</context>
<context>
    <name>KeysTab</name>
    <message>
        <source>Mỗi máy của xã ký tệp bằng khóa riêng. Văn phòng chỉ nhận tệp ký bằng khóa đã công nhận của xã; tệp ký bằng khóa khác bị tạm giữ đến khi được duyệt (xã thay máy). Khi máy của xã bị mất hoặc bị lấy cắp, thu hồi khóa của máy đó.</source>
        <translation>Each commune computer signs its files with its own key. The office only accepts files signed with the commune&apos;s recognised key; files signed with another key are held until that key is approved (the commune changed computers). If a commune computer is lost or stolen, revoke that computer&apos;s key.</translation>
    </message>
    <message>
        <source>Duyệt…</source>
        <translation>Approve…</translation>
    </message>
    <message>
        <source>Thu hồi…</source>
        <translation>Revoke…</translation>
    </message>
    <message>
        <source>Các lần thu hồi</source>
        <translation>Revocations</translation>
    </message>
    <message>
        <source>Hoàn tác…</source>
        <translation>Undo…</translation>
    </message>
    <message>
        <source>Hoàn tác lần thu hồi</source>
        <translation>Undo revocation</translation>
    </message>
    <message>
        <source>Hoàn tác lần thu hồi khóa {fp} của {commune} ({when})? Khóa trở lại như trước khi thu hồi, các bản ghi đã trở về và đã cách ly trở lại như trước.</source>
        <translation>Undo the revocation of key {fp} of {commune} ({when})? The key goes back to how it was before the revocation, and the records that were rolled back or quarantined go back to how they were.</translation>
    </message>
    <message>
        <source>Hoàn tác</source>
        <translation>Undo</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Đang hoàn tác…</source>
        <translation>Undoing…</translation>
    </message>
    <message>
        <source>Đã hoàn tác lần thu hồi khóa {fp} của {commune}.</source>
        <translation>Undid the revocation of key {fp} of {commune}.</translation>
    </message>
</context>
<context>
    <name>LearnersModel</name>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Năm sinh</source>
        <translation>Born</translation>
    </message>
    <message>
        <source>Hộ</source>
        <translation>Household</translation>
    </message>
    <message>
        <source>Thôn/bản</source>
        <translation>Village</translation>
    </message>
    <message>
        <source>Nhóm đối tượng</source>
        <translation>Learner group</translation>
    </message>
    <message>
        <source>Tình trạng</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Chứng chỉ</source>
        <translation>Certificate</translation>
    </message>
    <message>
        <source>Kết quả sau học</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Hỗ trợ</source>
        <translation>Support</translation>
    </message>
    <message>
        <source>Cấp ngày {day}</source>
        <translation>Issued on {day}</translation>
    </message>
    <message>
        <source>Từ ngày {day}</source>
        <translation>Since {day}</translation>
    </message>
</context>
<context>
    <name>LifeEventDialog</name>
    <message>
        <source>{event} — hộ {code}</source>
        <translation>{event} — household {code}</translation>
    </message>
    <message>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Hộ {code}</source>
        <translation>Household {code}</translation>
    </message>
    <message>
        <source>chủ hộ {name}</source>
        <translation>head {name}</translation>
    </message>
    <message>
        <source>Nam</source>
        <translation>Male</translation>
    </message>
    <message>
        <source>Nữ</source>
        <translation>Female</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Hộ gia đình</source>
        <translation>Households</translation>
    </message>
    <message>
        <source>Hỗ trợ nhà ở</source>
        <translation>Housing support</translation>
    </message>
    <message>
        <source>Đào tạo nghề</source>
        <translation>Vocational training</translation>
    </message>
    <message>
        <source>Đồng bộ</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Báo cáo</source>
        <translation>Reports</translation>
    </message>
    <message>
        <source>{unit} (văn phòng tổng hợp)</source>
        <translation>{unit} (consolidating office)</translation>
    </message>
    <message>
        <source>chỉ xem</source>
        <translation>read only</translation>
    </message>
    <message>
        <source>Chỉ xem: không sửa được dữ liệu trong tệp này.</source>
        <translation>Read only: the data in this file cannot be changed.</translation>
    </message>
    <message>
        <source>&amp;Tệp</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Mở cơ sở dữ liệu…</source>
        <translation>&amp;Open database…</translation>
    </message>
    <message>
        <source>&amp;Tạo cơ sở dữ liệu mới…</source>
        <translation>&amp;New database…</translation>
    </message>
    <message>
        <source>T&amp;hoát</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Xem</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>&amp;Ngôn ngữ</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>Trợ &amp;giúp</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;Giới thiệu</source>
        <translation>&amp;About</translation>
    </message>
    <message>
        <source>Phiên bản {version}</source>
        <translation>Version {version}</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Mở cơ sở dữ liệu</source>
        <translation>Open database</translation>
    </message>
    <message>
        <source>Cơ sở dữ liệu Sổ Giảm Nghèo (*.db);;Tất cả các tệp (*)</source>
        <translation>Sổ Giảm Nghèo databases (*.db);;All files (*)</translation>
    </message>
    <message>
        <source>Không mở được cơ sở dữ liệu</source>
        <translation>Cannot open the database</translation>
    </message>
    <message>
        <source>Ngôn ngữ</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Đã lưu lựa chọn ngôn ngữ. Ngôn ngữ mới sẽ được dùng khi mở lại phần mềm.</source>
        <translation>Language choice saved. The new language applies the next time you start the app.</translation>
    </message>
    <message>
        <source>&lt;h3&gt;{app}&lt;/h3&gt;&lt;p&gt;Phiên bản {version}&lt;/p&gt;&lt;p&gt;Sổ theo dõi đối tượng thụ hưởng Chương trình mục tiêu quốc gia giảm nghèo bền vững: hộ nghèo, hộ cận nghèo, hỗ trợ nhà ở, đào tạo nghề. Làm việc không cần mạng; dữ liệu của xã được gửi lên văn phòng tổng hợp bằng tệp đồng bộ.&lt;/p&gt;&lt;p&gt;Cơ sở dữ liệu: {path}&lt;/p&gt;</source>
        <translation>&lt;h3&gt;{app}&lt;/h3&gt;&lt;p&gt;Version {version}&lt;/p&gt;&lt;p&gt;Register of the beneficiaries of the National Target Program for Sustainable Poverty Reduction: poor and near-poor households, housing support, vocational training. Works without a network; a commune&apos;s data goes to the consolidating office in sync files.&lt;/p&gt;&lt;p&gt;Database: {path}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Giới thiệu</source>
        <translation>About</translation>
    </message>
</context>
<context>
    <name>MarryInDialog</name>
    <message>
        <source>Người đến ở (lấy vợ, lấy chồng, về ở với người thân) được thêm vào hộ như một nhân khẩu mới, ghi ngày nhập khẩu và nơi ở trước.</source>
        <translation>The person coming to live here (by marriage, or joining relatives) is added as a new member, with the date they joined and where they lived before.</translation>
    </message>
    <message>
        <source>Ngày hoặc năm sinh</source>
        <translation>Date or year of birth</translation>
    </message>
    <message>
        <source>12 chữ số</source>
        <translation>12 digits</translation>
    </message>
    <message>
        <source>Số CCCD</source>
        <translation>Citizen ID</translation>
    </message>
    <message>
        <source>Số thẻ BHYT</source>
        <translation>Health insurance card</translation>
    </message>
    <message>
        <source>Ngày nhập khẩu</source>
        <translation>Date of joining</translation>
    </message>
    <message>
        <source>thôn/bản, xã, huyện, tỉnh</source>
        <translation>village, commune, district, province</translation>
    </message>
    <message>
        <source>Nơi ở trước</source>
        <translation>Previous residence</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Notes</translation>
    </message>
</context>
<context>
    <name>MemberDelegate</name>
    <message>
        <source>ngày/tháng/năm hoặc năm</source>
        <translation>day/month/year or the year</translation>
    </message>
</context>
<context>
    <name>MembersModel</name>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Giới tính</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>Ngày/năm sinh</source>
        <translation>Birth date/year</translation>
    </message>
    <message>
        <source>Dân tộc</source>
        <translation>Ethnic group</translation>
    </message>
    <message>
        <source>Số CCCD</source>
        <translation>Citizen ID</translation>
    </message>
    <message>
        <source>Quan hệ với chủ hộ</source>
        <translation>Relationship to head</translation>
    </message>
    <message>
        <source>Thẻ BHYT</source>
        <translation>Health insurance card</translation>
    </message>
    <message>
        <source>Học vấn</source>
        <translation>Schooling</translation>
    </message>
    <message>
        <source>Việc làm</source>
        <translation>Work</translation>
    </message>
    <message>
        <source>Khuyết tật</source>
        <translation>Disability</translation>
    </message>
    <message>
        <source>Trợ cấp (đ/tháng)</source>
        <translation>Allowance (VND/month)</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Tình trạng</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>MergeForm</name>
    <message>
        <source>— chọn —</source>
        <translation>— choose —</translation>
    </message>
    <message>
        <source>Gộp vào</source>
        <translation>Merge into</translation>
    </message>
    <message>
        <source>Lý do</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>ví dụ: Nghị quyết sáp nhập thôn, bản số …</source>
        <translation>for example: resolution no. … merging villages</translation>
    </message>
    <message>
        <source>Gộp “{name}” vào thôn/bản khác</source>
        <translation>Merge “{name}” into another village</translation>
    </message>
    <message>
        <source>{count} hộ của “{name}” sẽ chuyển sang thôn/bản được chọn; “{name}” được đánh dấu đã gộp (không xóa hẳn, số liệu cũ vẫn giữ). Hãy cập nhật lại dân số của thôn/bản nhận.</source>
        <translation>{count} household(s) of “{name}” will move to the chosen village; “{name}” is marked as merged (not erased, its past figures are kept). Update the receiving village&apos;s population afterwards.</translation>
    </message>
    <message>
        <source>Đã gộp “{source}” vào “{target}”: {count} hộ được chuyển.</source>
        <translation>“{source}” merged into “{target}”: {count} household(s) moved.</translation>
    </message>
</context>
<context>
    <name>MoveAwayDialog</name>
    <message>
        <source>Hộ được đánh dấu “đã chuyển đi xã khác” với ngày và nơi đến; hộ và các nhân khẩu vẫn ở trong sổ, không bị xóa.</source>
        <translation>The household is marked “moved to another commune” with the date and destination; it stays in the register with its members and is not deleted.</translation>
    </message>
    <message>
        <source>Ngày chuyển đi</source>
        <translation>Date of leaving</translation>
    </message>
    <message>
        <source>xã, huyện, tỉnh</source>
        <translation>commune, district, province</translation>
    </message>
    <message>
        <source>Nơi chuyển đến</source>
        <translation>Moving to</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Notes</translation>
    </message>
</context>
<context>
    <name>MoveOutDialog</name>
    <message>
        <source>Người chuyển đi vẫn ở trong sổ với tình trạng “đã chuyển đi”, ngày và nơi đến; nếu người đó là chủ hộ, hãy chọn chủ hộ mới.</source>
        <translation>The person stays in the register as “moved out” with the date and destination; if they were the head, choose a new head.</translation>
    </message>
    <message>
        <source>Người chuyển đi</source>
        <translation>Person leaving</translation>
    </message>
    <message>
        <source>Ngày chuyển đi</source>
        <translation>Date of leaving</translation>
    </message>
    <message>
        <source>Kết hôn, về nhà chồng/vợ</source>
        <translation>Married, moved to the spouse&apos;s home</translation>
    </message>
    <message>
        <source>Chuyển đi nơi khác</source>
        <translation>Moved elsewhere</translation>
    </message>
    <message>
        <source>Lý do</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>thôn/bản, xã, huyện, tỉnh</source>
        <translation>village, commune, district, province</translation>
    </message>
    <message>
        <source>Nơi đến</source>
        <translation>Destination</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Notes</translation>
    </message>
</context>
<context>
    <name>NoteDialog</name>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>OfficeSync</name>
    <message>
        <source>Nhận tệp</source>
        <translation>Receive files</translation>
    </message>
    <message>
        <source>Các xã</source>
        <translation>Communes</translation>
    </message>
    <message>
        <source>Khóa</source>
        <translation>Key</translation>
    </message>
    <message>
        <source>Xung đột</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>Trùng lặp</source>
        <translation>Duplicates</translation>
    </message>
    <message>
        <source>Gói cài đặt</source>
        <translation>Setup package</translation>
    </message>
</context>
<context>
    <name>Operation</name>
    <message>
        <source>Đang dừng…</source>
        <translation>Stopping…</translation>
    </message>
    <message>
        <source>Dừng</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>OutcomeForm</name>
    <message>
        <source>Kết quả sau học: {name}</source>
        <translation>Outcome: {name}</translation>
    </message>
    <message>
        <source>Kết quả</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Từ ngày</source>
        <translation>Since</translation>
    </message>
    <message>
        <source>Hỗ trợ kết nối việc làm</source>
        <translation>Job-connection support</translation>
    </message>
    <message>
        <source>Việc làm theo hợp đồng (doanh nghiệp, nước ngoài) được hỗ trợ kết nối việc làm tối đa {amount}.</source>
        <translation>A job with a contract (enterprise, abroad) gets job-connection support of at most {amount}.</translation>
    </message>
</context>
<context>
    <name>PayForm</name>
    <message>
        <source>Chi tiền hỗ trợ</source>
        <translation>Pay the support</translation>
    </message>
    <message>
        <source>Đợt 1 (tạm ứng)</source>
        <translation>Tranche 1 (advance)</translation>
    </message>
    <message>
        <source>Đợt 2 (sau nghiệm thu)</source>
        <translation>Tranche 2 (after acceptance)</translation>
    </message>
    <message>
        <source>Đợt</source>
        <translation>Tranche</translation>
    </message>
    <message>
        <source>Nguồn vốn</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Số tiền</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Ngày chi</source>
        <translation>Paid on</translation>
    </message>
    <message>
        <source>Số phiếu chi</source>
        <translation>Voucher number</translation>
    </message>
    <message>
        <source>Người chi</source>
        <translation>Paid by</translation>
    </message>
    <message>
        <source>Được duyệt {approved} (đợt 1: {first}); đã chi {paid}, còn {left}.</source>
        <translation>Approved {approved} (first tranche: {first}); paid {paid}, left {left}.</translation>
    </message>
</context>
<context>
    <name>PopulationForm</name>
    <message>
        <source>Năm</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>Tổng số hộ</source>
        <translation>Total households</translation>
    </message>
    <message>
        <source>Tổng số nhân khẩu</source>
        <translation>Total population</translation>
    </message>
    <message>
        <source>Dân số của “{name}”</source>
        <translation>Population of “{name}”</translation>
    </message>
    <message>
        <source>Tổng số hộ và nhân khẩu của cả thôn/bản (mọi hộ, không chỉ hộ trong sổ): mẫu số của tỷ lệ hộ nghèo. Sổ đang có {n} hộ ở đây.</source>
        <translation>Households and people of the whole village (every household, not only those in the register): the denominators of the poverty rate. The register has {n} household(s) here.</translation>
    </message>
    <message>
        <source>Đã ghi dân số năm {year} của “{name}”.</source>
        <translation>Population {year} of “{name}” recorded.</translation>
    </message>
</context>
<context>
    <name>PriorDialog</name>
    <message>
        <source>Hỗ trợ nhà ở đã nhận trước đây</source>
        <translation>Housing support received before</translation>
    </message>
</context>
<context>
    <name>PriorForm</name>
    <message>
        <source>Ghi hỗ trợ nhà ở đã nhận trước đây</source>
        <translation>Record housing support received before</translation>
    </message>
    <message>
        <source>Chương trình</source>
        <translation>Program</translation>
    </message>
    <message>
        <source>Năm nhận</source>
        <translation>Year received</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>số quyết định, số tiền…</source>
        <translation>decision number, amount…</translation>
    </message>
    <message>
        <source>Hộ đã được hỗ trợ nhà ở từ chương trình nào thì không được hỗ trợ lần nữa.</source>
        <translation>A household supported with housing by any program is not supported again.</translation>
    </message>
</context>
<context>
    <name>PriorTrainingForm</name>
    <message>
        <source>Đào tạo nghề đã được hỗ trợ trước đây: {name}</source>
        <translation>Training supported before: {name}</translation>
    </message>
    <message>
        <source>Chương trình</source>
        <translation>Program</translation>
    </message>
    <message>
        <source>Năm</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>nghề đã học, nơi học…</source>
        <translation>occupation, where…</translation>
    </message>
</context>
<context>
    <name>ReceiveTab</name>
    <message>
        <source>Chọn các tệp đồng bộ (.gnsync) các xã gửi lên — từ USB, thư mục Zalo hay thư điện tử — hoặc kéo thả chúng vào đây. Phần mềm xem trước từng tệp (chưa thay đổi gì), rồi bấm «Gộp vào cơ sở dữ liệu» để gộp. Gộp lại một tệp đã nhận không làm thay đổi gì.</source>
        <translation>Choose the sync files (.gnsync) the communes sent — from a USB stick, a Zalo folder or email — or drag and drop them here. The software does a dry run of each file (nothing is changed yet); then click «Merge into the database» to merge. Merging a file that was already received again changes nothing.</translation>
    </message>
    <message>
        <source>Chọn tệp…</source>
        <translation>Choose files…</translation>
    </message>
    <message>
        <source>Chọn các tệp đồng bộ của xã (Ctrl+O)</source>
        <translation>Choose the communes&apos; sync files (Ctrl+O)</translation>
    </message>
    <message>
        <source>Gộp vào cơ sở dữ liệu</source>
        <translation>Merge into the database</translation>
    </message>
    <message>
        <source>Duyệt khóa…</source>
        <translation>Approve key…</translation>
    </message>
    <message>
        <source>Duyệt khóa mới của xã có tệp bị tạm giữ (xã đã thay máy)</source>
        <translation>Approve the new key of a commune whose files are held (the commune changed computers)</translation>
    </message>
    <message>
        <source>Xóa danh sách</source>
        <translation>Clear list</translation>
    </message>
    <message>
        <source>Chọn các tệp đồng bộ của xã</source>
        <translation>Choose the communes&apos; sync files</translation>
    </message>
    <message>
        <source>Tệp đồng bộ (*.gnsync);;Tất cả các tệp (*)</source>
        <translation>Sync files (*.gnsync);;All files (*)</translation>
    </message>
    <message>
        <source>Đang xem trước tệp {n}/{total}: {name}</source>
        <translation>Dry run of file {n}/{total}: {name}</translation>
    </message>
    <message>
        <source>Đang gộp tệp {n}/{total}: {name}</source>
        <translation>Merging file {n}/{total}: {name}</translation>
    </message>
    <message>
        <source>Xem trước tệp đồng bộ</source>
        <translation>Dry run of sync files</translation>
    </message>
    <message>
        <source>Gộp tệp đồng bộ</source>
        <translation>Merge sync files</translation>
    </message>
    <message>
        <source>Đang xem trước các tệp…</source>
        <translation>Doing a dry run of the files…</translation>
    </message>
    <message>
        <source>Đang gộp các tệp…</source>
        <translation>Merging the files…</translation>
    </message>
    <message>
        <source>Đã duyệt khóa</source>
        <translation>Key approved</translation>
    </message>
    <message>
        <source>Đã công nhận khóa mới {fp} của {commune}. Gộp lại {n} tệp đã bị tạm giữ của xã này bây giờ?</source>
        <translation>The new key {fp} of {commune} is now recognised. Merge this commune&apos;s {n} held files again now?</translation>
    </message>
    <message>
        <source>Gộp lại</source>
        <translation>Merge again</translation>
    </message>
    <message>
        <source>Để sau</source>
        <translation>Later</translation>
    </message>
    <message>
        <source>Chưa chọn tệp nào.</source>
        <translation>No files chosen.</translation>
    </message>
    <message>
        <source>Kết quả gộp {n} tệp</source>
        <translation>Result of merging {n} files</translation>
    </message>
    <message>
        <source>Xem trước {n} tệp (chưa thay đổi gì)</source>
        <translation>Dry run of {n} files (nothing changed yet)</translation>
    </message>
</context>
<context>
    <name>ReceivedModel</name>
    <message>
        <source>Xã</source>
        <translation>Commune</translation>
    </message>
    <message>
        <source>Tệp số</source>
        <translation>File no.</translation>
    </message>
    <message>
        <source>Tình trạng</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Thay đổi</source>
        <translation>Changes</translation>
    </message>
    <message>
        <source>Lý do</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Tên tệp</source>
        <translation>File name</translation>
    </message>
    <message>
        <source>(không rõ)</source>
        <translation>(unknown)</translation>
    </message>
    <message>
        <source>Theo tên tệp (tệp không đọc được): {path}</source>
        <translation>From the file name (the file could not be read): {path}</translation>
    </message>
</context>
<context>
    <name>RegisterForm</name>
    <message>
        <source>Đăng ký hỗ trợ nhà ở</source>
        <translation>Register housing support</translation>
    </message>
    <message>
        <source>— gõ mã hộ hoặc tên chủ hộ —</source>
        <translation>— type a household code or the head&apos;s name —</translation>
    </message>
    <message>
        <source>Hộ</source>
        <translation>Household</translation>
    </message>
    <message>
        <source>Ngày đăng ký</source>
        <translation>Registered on</translation>
    </message>
    <message>
        <source>Chương trình</source>
        <translation>Program</translation>
    </message>
    <message>
        <source>Loại hỗ trợ</source>
        <translation>Kind of support</translation>
    </message>
    <message>
        <source>Nhà ở hiện tại</source>
        <translation>House now</translation>
    </message>
    <message>
        <source>Nền, móng</source>
        <translation>Floor, foundation</translation>
    </message>
    <message>
        <source>Khung, tường</source>
        <translation>Frame, walls</translation>
    </message>
    <message>
        <source>Mái</source>
        <translation>Roof</translation>
    </message>
    <message>
        <source>Kết cấu không bền chắc</source>
        <translation>Structures not durable</translation>
    </message>
    <message>
        <source>Diện tích nhà hiện tại</source>
        <translation>Current house area</translation>
    </message>
    <message>
        <source>Số người trong hộ</source>
        <translation>People in the household</translation>
    </message>
    <message>
        <source>Hộ tự góp</source>
        <translation>Household&apos;s own contribution</translation>
    </message>
    <message>
        <source>Hộ tự góp (dự kiến)</source>
        <translation>Household&apos;s contribution (expected)</translation>
    </message>
    <message>
        <source>Người lập hồ sơ</source>
        <translation>Registered by</translation>
    </message>
    <message>
        <source>họ tên, chức vụ</source>
        <translation>name, position</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>{head} · {village} · {n} người đang ở</source>
        <translation>{head} · {village} · {n} people living here</translation>
    </message>
    <message>
        <source>(chưa có chủ hộ)</source>
        <translation>(no head yet)</translation>
    </message>
    <message>
        <source>Rà soát gần nhất: năm {year}, {cls}</source>
        <translation>Latest review: {year}, {cls}</translation>
    </message>
    <message>
        <source>Chưa có kết quả rà soát.</source>
        <translation>No review yet.</translation>
    </message>
    <message>
        <source>Đã có hỗ trợ: {program}, {status}, đăng ký {day}</source>
        <translation>Already supported: {program}, {status}, registered {day}</translation>
    </message>
    <message>
        <source>Đã nhận trước đây: {program} năm {year}</source>
        <translation>Received before: {program} in {year}</translation>
    </message>
</context>
<context>
    <name>RenameForm</name>
    <message>
        <source>Tên mới</source>
        <translation>New name</translation>
    </message>
    <message>
        <source>Lý do</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>ví dụ: số quyết định đổi tên</source>
        <translation>for example: number of the renaming decision</translation>
    </message>
    <message>
        <source>Đổi tên “{name}”</source>
        <translation>Rename “{name}”</translation>
    </message>
    <message>
        <source>Tên cũ vẫn được giữ trong nhật ký thay đổi; các hộ của thôn/bản không đổi.</source>
        <translation>The old name is kept in the change log; the village&apos;s households do not change.</translation>
    </message>
    <message>
        <source>Tên không thay đổi.</source>
        <translation>The name did not change.</translation>
    </message>
    <message>
        <source>Đã đổi tên “{old}” thành “{new}”.</source>
        <translation>“{old}” renamed to “{new}”.</translation>
    </message>
</context>
<context>
    <name>ReportsPane</name>
    <message>
        <source>Báo cáo</source>
        <translation>Reports</translation>
    </message>
    <message>
        <source>Danh sách công khai hộ nghèo, hộ cận nghèo; báo cáo tổng hợp; tiến độ hỗ trợ nhà ở và đào tạo nghề; kết quả so với kế hoạch.</source>
        <translation>Public lists of poor and near-poor households; summary reports; progress of housing support and vocational training; results against the plan.</translation>
    </message>
    <message>
        <source>Phần này đang được xây dựng: xuất Excel và PDF theo mẫu văn bản hành chính sẽ có ở đây.</source>
        <translation>Under construction: Excel and PDF exports laid out as administrative documents will appear here.</translation>
    </message>
</context>
<context>
    <name>RevocationsModel</name>
    <message>
        <source>Ngày thu hồi</source>
        <translation>Revoked on</translation>
    </message>
    <message>
        <source>Xã</source>
        <translation>Commune</translation>
    </message>
    <message>
        <source>Khóa</source>
        <translation>Key</translation>
    </message>
    <message>
        <source>Các tệp</source>
        <translation>Files</translation>
    </message>
    <message>
        <source>Tệp lấy lại</source>
        <translation>Files withdrawn</translation>
    </message>
    <message>
        <source>Bản ghi trở về</source>
        <translation>Records rolled back</translation>
    </message>
    <message>
        <source>Bản ghi cách ly</source>
        <translation>Records quarantined</translation>
    </message>
    <message>
        <source>Hoàn tác</source>
        <translation>Undo</translation>
    </message>
    <message>
        <source>tất cả</source>
        <translation>all</translation>
    </message>
    <message>
        <source>sau số {n}</source>
        <translation>after no. {n}</translation>
    </message>
</context>
<context>
    <name>RevokeDialog</name>
    <message>
        <source>Thu hồi khóa của xã</source>
        <translation>Revoke a commune&apos;s key</translation>
    </message>
    <message>
        <source>Thu hồi khóa khi máy của xã bị mất hoặc bị lấy cắp: văn phòng bỏ những gì các tệp ký bằng khóa này đã mang đến (về bản tin cậy trước đó), cách ly các bản ghi chỉ có trong các tệp đó, và từ chối mọi tệp sau này ký bằng khóa này. Có thể hoàn tác.</source>
        <translation>Revoke a key when a commune computer is lost or stolen: the office discards what the files signed with this key brought in (going back to the previous trusted version), quarantines the records that exist only in those files, and refuses any future file signed with this key. This can be undone.</translation>
    </message>
    <message>
        <source>Xã</source>
        <translation>Commune</translation>
    </message>
    <message>
        <source>Khóa</source>
        <translation>Key</translation>
    </message>
    <message>
        <source>tất cả các tệp</source>
        <translation>all files</translation>
    </message>
    <message>
        <source>Chỉ lấy lại các tệp có số lớn hơn số này (các tệp trước đó vẫn được tin cậy). Để trống (tất cả các tệp) khi không biết máy bị mất từ lúc nào.</source>
        <translation>Only withdraw the files numbered higher than this (earlier files stay trusted). Leave empty (all files) if you do not know when the computer was lost.</translation>
    </message>
    <message>
        <source>Chỉ các tệp sau số</source>
        <translation>Only files after no.</translation>
    </message>
    <message>
        <source>Thu hồi khóa</source>
        <translation>Revoke key</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Đang xem trước…</source>
        <translation>Doing a dry run…</translation>
    </message>
    <message>
        <source>Sẽ lấy lại {files} tệp đã nhận: {rolled} bản ghi trở về bản tin cậy trước đó, {quarantined} bản ghi bị cách ly, {conflicts} thay đổi về xung đột.</source>
        <translation>Will withdraw {files} received files: {rolled} records go back to their previous trusted version, {quarantined} records are quarantined, {conflicts} changes to conflicts.</translation>
    </message>
    <message>
        <source>Đã lấy lại {files} tệp đã nhận: {rolled} bản ghi trở về bản tin cậy trước đó, {quarantined} bản ghi bị cách ly, {conflicts} thay đổi về xung đột.</source>
        <translation>Withdrew {files} received files: {rolled} records went back to their previous trusted version, {quarantined} records were quarantined, {conflicts} changes to conflicts.</translation>
    </message>
    <message>
        <source>Các tệp lấy lại:</source>
        <translation>Files withdrawn:</translation>
    </message>
    <message>
        <source>(không có)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>Các bản ghi bị cách ly:</source>
        <translation>Quarantined records:</translation>
    </message>
    <message>
        <source>Đang thu hồi khóa…</source>
        <translation>Revoking key…</translation>
    </message>
</context>
<context>
    <name>SetupTab</name>
    <message>
        <source>Gói cài đặt giúp xã tạo cơ sở dữ liệu có khóa của văn phòng: tệp của xã khi đó được mã hóa, và văn phòng nhận ra máy của xã ngay từ tệp đầu tiên. Gửi gói cho xã (USB, Zalo, thư điện tử), rồi gọi điện đọc mã dùng một lần cho cán bộ xã — đừng gửi mã cùng đường với gói. Tạo gói mới thay thế gói trước của xã đó.</source>
        <translation>A setup package lets a commune create a database that holds the office&apos;s key: the commune&apos;s files are then encrypted, and the office recognises the commune&apos;s computer from the very first file. Send the package to the commune (USB stick, Zalo, email), then phone the commune officer and read out the one-time code — do not send the code the same way as the package. Making a new package replaces that commune&apos;s previous one.</translation>
    </message>
    <message>
        <source>Xã</source>
        <translation>Commune</translation>
    </message>
    <message>
        <source>Tạo gói cài đặt…</source>
        <translation>Create setup package…</translation>
    </message>
    <message>
        <source>Tạo gói cho nhiều xã…</source>
        <translation>Packages for several communes…</translation>
    </message>
    <message>
        <source>Mã dùng một lần</source>
        <translation>One-time code</translation>
    </message>
    <message>
        <source>Dấu vân tay khóa của văn phòng</source>
        <translation>Office key fingerprint</translation>
    </message>
    <message>
        <source>Đọc mã cho cán bộ xã qua điện thoại, từng nhóm một. Xã nhập mã khi tạo cơ sở dữ liệu từ gói, rồi đọc lại cho văn phòng dấu vân tay khóa của văn phòng mà máy xã hiện ra: phải trùng với dấu vân tay ở trên. Mã chỉ hiện một lần ở đây.</source>
        <translation>Read the code to the commune officer over the phone, one group at a time. The commune enters the code when creating the database from the package, then reads back to the office the office key fingerprint shown on the commune&apos;s computer: it must match the fingerprint above. The code is shown here only once.</translation>
    </message>
    <message>
        <source>Chép tất cả</source>
        <translation>Copy all</translation>
    </message>
    <message>
        <source>Chép danh sách (xã — tệp — mã) để dán vào giấy bàn giao</source>
        <translation>Copy the list (commune — file — code) to paste into the handover paper</translation>
    </message>
    <message>
        <source>Gửi mỗi xã đúng tệp của xã, rồi gọi điện đọc mã của xã đó; xã đọc lại dấu vân tay khóa của văn phòng. Các mã chỉ hiện ở đây, một lần: ghi ra giấy bàn giao và giữ giấy đó riêng, không để cùng các gói.</source>
        <translation>Send each commune its own file, then phone it and read out its code; the commune reads the office key fingerprint back. The codes are shown only here, once: write them on the handover paper and keep that paper apart from the packages.</translation>
    </message>
    <message>
        <source>Lưu gói cài đặt</source>
        <translation>Save setup package</translation>
    </message>
    <message>
        <source>Gói cài đặt (*.gnsetup)</source>
        <translation>Setup packages (*.gnsetup)</translation>
    </message>
    <message>
        <source>Thư mục lưu các gói cài đặt</source>
        <translation>Folder for the setup packages</translation>
    </message>
    <message>
        <source>Gói cài đặt</source>
        <translation>Setup package</translation>
    </message>
    <message>
        <source>Đang tạo gói cài đặt…</source>
        <translation>Creating setup package…</translation>
    </message>
    <message>
        <source>Đang tạo gói cài đặt cho {name} ({n}/{total})…</source>
        <translation>Making the setup package for {name} ({n}/{total})…</translation>
    </message>
    <message>
        <source>Đã tạo gói cài đặt cho {commune}: {path}</source>
        <translation>Created the setup package for {commune}: {path}</translation>
    </message>
    <message numerus="yes">
        <source>Đã tạo %n gói cài đặt trong thư mục {folder}.</source>
        <translation>
            <numerusform>Made %n setup package in the folder {folder}.</numerusform>
            <numerusform>Made %n setup packages in the folder {folder}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n xã không tạo được gói (xem cột Tình trạng).</source>
        <translation>
            <numerusform>%n commune got no package (see the Status column).</numerusform>
            <numerusform>%n communes got no package (see the Status column).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n xã chưa tạo vì đã dừng.</source>
        <translation>
            <numerusform>%n commune not made: stopped.</numerusform>
            <numerusform>%n communes not made: stopped.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SplitDialog</name>
    <message>
        <source>Những người được đánh dấu chuyển sang một hộ mới có mã riêng; hộ cũ giữ nguyên lịch sử. Kết quả rà soát không được sao chép: cả hai hộ cần được rà soát lại.</source>
        <translation>The people ticked move to a new household with its own code; the original household keeps its history. Assessments are not copied: both households need a new review.</translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Năm sinh</source>
        <translation>Born</translation>
    </message>
    <message>
        <source>Quan hệ hiện nay</source>
        <translation>Relationship now</translation>
    </message>
    <message>
        <source>Quan hệ trong hộ mới</source>
        <translation>In the new household</translation>
    </message>
    <message>
        <source>Những người sang hộ mới (dấu cách để đánh dấu; F2 để sửa quan hệ với chủ hộ mới)</source>
        <translation>People moving to the new household (Space to tick; F2 to change the relationship to the new head)</translation>
    </message>
    <message>
        <source>không trùng mã hộ khác trong xã</source>
        <translation>unique in the commune</translation>
    </message>
    <message>
        <source>Mã hộ mới</source>
        <translation>New household code</translation>
    </message>
    <message>
        <source>Thôn/bản</source>
        <translation>Village</translation>
    </message>
    <message>
        <source>Địa chỉ</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Chủ hộ của hộ mới</source>
        <translation>Head of the new household</translation>
    </message>
    <message>
        <source>Chủ hộ mới của hộ cũ</source>
        <translation>New head of the original household</translation>
    </message>
    <message>
        <source>Ngày tách hộ</source>
        <translation>Date of the split</translation>
    </message>
    <message>
        <source>ví dụ: số đơn, quyết định</source>
        <translation>for example: application or decision number</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>— chọn (F2) —</source>
        <translation>— choose (F2) —</translation>
    </message>
</context>
<context>
    <name>StepForm</name>
    <message>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Thôi</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>SupportDialog</name>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Đăng ký hỗ trợ nhà ở</source>
        <translation>Register housing support</translation>
    </message>
    <message>
        <source>Hỗ trợ nhà ở — hộ {who}</source>
        <translation>Housing support — household {who}</translation>
    </message>
    <message>
        <source>Hộ {who}</source>
        <translation>Household {who}</translation>
    </message>
    <message>
        <source>Lý do: {reason}</source>
        <translation>Reason: {reason}</translation>
    </message>
    <message>
        <source>Đăng ký</source>
        <translation>Registration</translation>
    </message>
    <message>
        <source>Phê duyệt</source>
        <translation>Approval</translation>
    </message>
    <message>
        <source>QĐ {no} · {amount}</source>
        <translation>Decision {no} · {amount}</translation>
    </message>
    <message>
        <source>Khởi công</source>
        <translation>Construction start</translation>
    </message>
    <message>
        <source>mở đợt 1</source>
        <translation>opens the first tranche</translation>
    </message>
    <message>
        <source>Nghiệm thu</source>
        <translation>Acceptance</translation>
    </message>
    <message>
        <source>{area}, {hard}, tuổi thọ {life} năm</source>
        <translation>{area}, {hard}, life {life} years</translation>
    </message>
    <message>
        <source>đủ 3 cứng</source>
        <translation>all 3 hard</translation>
    </message>
    <message>
        <source>chưa đủ 3 cứng</source>
        <translation>not all 3 hard</translation>
    </message>
    <message>
        <source>{n}/3 kết cấu chính không bền chắc</source>
        <translation>{n}/3 main structures not durable</translation>
    </message>
    <message>
        <source>{area} cho {n} người</source>
        <translation>{area} for {n} people</translation>
    </message>
    <message>
        <source>Nguồn</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Được duyệt</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>Đã chi</source>
        <translation>Paid</translation>
    </message>
    <message>
        <source>Còn lại</source>
        <translation>Left</translation>
    </message>
    <message>
        <source>Tổng</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Đợt 1 ({percent}%): {first} · đã chi đợt 1: {paid_first}</source>
        <translation>First tranche ({percent}%): {first} · paid in it: {paid_first}</translation>
    </message>
    <message>
        <source>hộ tự góp: {amount}</source>
        <translation>household&apos;s contribution: {amount}</translation>
    </message>
    <message>
        <source>Ngày chi</source>
        <translation>Paid on</translation>
    </message>
    <message>
        <source>Đợt</source>
        <translation>Tranche</translation>
    </message>
    <message>
        <source>Số tiền</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Phiếu chi</source>
        <translation>Voucher</translation>
    </message>
    <message>
        <source>Người chi</source>
        <translation>Paid by</translation>
    </message>
    <message>
        <source>Các khoản đã chi</source>
        <translation>Payments</translation>
    </message>
    <message>
        <source>Xóa khoản chi nhập nhầm…</source>
        <translation>Remove a payment entered by mistake…</translation>
    </message>
    <message>
        <source>Hỗ trợ đã xong: không còn bước nào.</source>
        <translation>The support is complete: no step left.</translation>
    </message>
    <message>
        <source>Bước tiếp theo:</source>
        <translation>Next step:</translation>
    </message>
    <message>
        <source>Văn phòng tổng hợp: chỉ xem. Hỗ trợ được ghi ở {commune}.</source>
        <translation>Consolidating office: read-only. The support is recorded by {commune}.</translation>
    </message>
    <message>
        <source>Sửa thông tin đã ghi…</source>
        <translation>Correct…</translation>
    </message>
    <message>
        <source>Xóa khoản chi</source>
        <translation>Remove a payment</translation>
    </message>
    <message>
        <source>Vì sao xóa khoản chi này (nhập nhầm số tiền, ngày…)?</source>
        <translation>Why remove this payment (wrong amount, date…)?</translation>
    </message>
    <message>
        <source>Xóa</source>
        <translation>Remove</translation>
    </message>
</context>
<context>
    <name>SupportsModel</name>
    <message>
        <source>Xã</source>
        <translation>Commune</translation>
    </message>
    <message>
        <source>Mã hộ</source>
        <translation>Household code</translation>
    </message>
    <message>
        <source>Chủ hộ</source>
        <translation>Head</translation>
    </message>
    <message>
        <source>Thôn/bản</source>
        <translation>Village</translation>
    </message>
    <message>
        <source>Chương trình</source>
        <translation>Program</translation>
    </message>
    <message>
        <source>Loại</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Bước</source>
        <translation>Step</translation>
    </message>
    <message>
        <source>Ngày đăng ký</source>
        <translation>Registered on</translation>
    </message>
    <message>
        <source>Được duyệt</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>Đã chi</source>
        <translation>Paid</translation>
    </message>
    <message>
        <source>Còn lại</source>
        <translation>Left</translation>
    </message>
</context>
<context>
    <name>SyncPane</name>
    <message>
        <source>Đồng bộ</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Xuất tệp đồng bộ…</source>
        <translation>Export sync file…</translation>
    </message>
    <message>
        <source>Ghi một tệp đồng bộ để gửi văn phòng tổng hợp (Ctrl+E)</source>
        <translation>Write a sync file to send to the consolidating office (Ctrl+E)</translation>
    </message>
    <message>
        <source>Áp dụng biên nhận…</source>
        <translation>Apply receipt…</translation>
    </message>
    <message>
        <source>Đọc biên nhận văn phòng tổng hợp gửi về (tệp .gnreceipt)</source>
        <translation>Read a receipt the consolidating office sent back (.gnreceipt file)</translation>
    </message>
    <message>
        <source>Áp dụng gói cài đặt…</source>
        <translation>Apply setup package…</translation>
    </message>
    <message>
        <source>Nhận khóa của văn phòng tổng hợp từ gói cài đặt văn phòng gửi: từ đó tệp đồng bộ được mã hóa.</source>
        <translation>Take the consolidating office&apos;s key from the setup package it sent: sync files are encrypted from then on.</translation>
    </message>
    <message>
        <source>Xã gửi dữ liệu lên văn phòng tổng hợp bằng tệp đồng bộ: bấm «Xuất tệp đồng bộ…», chọn thư mục (thường là USB), rồi mang tệp lên văn phòng — hoặc gửi qua Zalo hay thư điện tử khi có mạng. Mỗi tệp chứa toàn bộ dữ liệu của xã và được ký bằng khóa của máy này. Khi xã đã có khóa của văn phòng (lấy từ gói cài đặt văn phòng gửi), tệp còn được mã hóa: chỉ văn phòng đọc được.</source>
        <translation>The commune sends its data to the consolidating office in sync files: click «Export sync file…», choose a folder (usually a USB stick), then take the file to the office — or send it by Zalo or e-mail when there is a connection. Each file holds all of the commune&apos;s data and is signed with this computer&apos;s key. Once the commune has the office&apos;s key (from the setup package the office sent), the file is also encrypted: only the office can read it.</translation>
    </message>
    <message>
        <source>Mã hóa</source>
        <translation>Encryption</translation>
    </message>
    <message>
        <source>Văn phòng tổng hợp</source>
        <translation>Consolidating office</translation>
    </message>
    <message>
        <source>Khóa của máy này</source>
        <translation>This computer&apos;s key</translation>
    </message>
    <message>
        <source>Lần xuất gần nhất</source>
        <translation>Last export</translation>
    </message>
    <message>
        <source>Biên nhận gần nhất</source>
        <translation>Latest receipt</translation>
    </message>
    <message>
        <source>Có khóa của văn phòng tổng hợp: tệp xuất ra được mã hóa, chỉ văn phòng đọc được.</source>
        <translation>The consolidating office&apos;s key is here: exported files are encrypted, only the office can read them.</translation>
    </message>
    <message>
        <source>Chưa có khóa của văn phòng tổng hợp: tệp xuất ra chỉ được ký, không được mã hóa. Hãy xin văn phòng gói cài đặt của xã và mã dùng một lần, rồi bấm «Áp dụng gói cài đặt…».</source>
        <translation>No key of the consolidating office yet: files exported are signed but not encrypted. Ask the office for the commune&apos;s setup package and its one-time code, then click «Apply setup package…».</translation>
    </message>
    <message>
        <source>{office} — dấu vân tay khóa của văn phòng (theo gói cài đặt): {fp}</source>
        <translation>{office} — fingerprint of the office&apos;s key (from the setup package): {fp}</translation>
    </message>
    <message>
        <source>Dấu vân tay {fp} — đọc cho văn phòng khi được hỏi, để văn phòng đối chiếu.</source>
        <translation>Fingerprint {fp} — read it to the office when asked, so that the office can compare it.</translation>
    </message>
    <message>
        <source>Chưa xuất tệp nào</source>
        <translation>No file exported yet</translation>
    </message>
    <message>
        <source>{time} — tệp số {sequence}: {name}</source>
        <translation>{time} — file number {sequence}: {name}</translation>
    </message>
    <message>
        <source>Chưa có — văn phòng gửi biên nhận sau khi nhận tệp của xã; bấm «Áp dụng biên nhận…» để đọc.</source>
        <translation>None yet — the office sends a receipt after receiving the commune&apos;s files; click «Apply receipt…» to read it.</translation>
    </message>
    <message>
        <source>Số {n}, văn phòng lập lúc {made}, áp dụng lúc {applied}</source>
        <translation>No. {n}, made by the office at {made}, applied at {applied}</translation>
    </message>
    <message>
        <source>Văn phòng cho biết (biên nhận số {n})</source>
        <translation>What the office says (receipt no. {n})</translation>
    </message>
    <message>
        <source>Cơ sở dữ liệu này không được tạo từ gói cài đặt nên chưa có khóa của văn phòng để xác minh biên nhận.</source>
        <translation>This database was not made from a setup package, so it has no office key to verify receipts with.</translation>
    </message>
    <message>
        <source>Các tệp đã xuất ({n})</source>
        <translation>Files exported ({n})</translation>
    </message>
    <message>
        <source>{n} tệp đã xuất</source>
        <translation>Files exported: {n}</translation>
    </message>
    <message>
        <source>(chưa rõ)</source>
        <translation>(unknown)</translation>
    </message>
    <message>
        <source>Xuất tệp đồng bộ</source>
        <translation>Export sync file</translation>
    </message>
    <message>
        <source>Đang xuất tệp đồng bộ…</source>
        <translation>Exporting the sync file…</translation>
    </message>
    <message>
        <source>Tệp sẽ không được mã hóa</source>
        <translation>The file will not be encrypted</translation>
    </message>
    <message>
        <source>Máy này chưa có khóa của văn phòng tổng hợp, nên tệp đồng bộ sẽ không được mã hóa. Ai có được tệp — qua Zalo, thư điện tử, hay một chiếc USB bị mất — cũng đọc được họ tên, số CCCD và thu nhập của các hộ trong tệp.</source>
        <translation>This computer does not have the consolidating office&apos;s key yet, so the sync file will not be encrypted. Anyone who gets the file — over Zalo, by e-mail, or from a lost USB stick — can read the names, citizen-ID numbers and incomes of the households in it.</translation>
    </message>
    <message>
        <source>Vẫn xuất không mã hóa</source>
        <translation>Export unencrypted anyway</translation>
    </message>
    <message>
        <source>Không xuất</source>
        <translation>Don&apos;t export</translation>
    </message>
    <message>
        <source>Để tệp được mã hóa: xin văn phòng tổng hợp ({office}) gói cài đặt của xã và mã dùng một lần đi kèm (văn phòng đọc mã qua điện thoại), rồi tạo cơ sở dữ liệu của xã từ gói đó: Tệp → Tạo cơ sở dữ liệu mới…, chọn «Xã — từ gói cài đặt».

Nếu vẫn phải xuất bây giờ: tự mang tệp lên văn phòng bằng USB, đừng gửi qua mạng, và xóa tệp khỏi USB khi văn phòng đã nhận.</source>
        <translation>To get encrypted files: ask the consolidating office ({office}) for the commune&apos;s setup package and its one-time code (the office reads the code over the phone), then create the commune&apos;s database from it: File → New database…, choose «Commune — from a setup package».

If you must export now: carry the file to the office yourself on a USB stick, do not send it over the network, and delete it from the stick once the office has it.</translation>
    </message>
    <message>
        <source>Chọn thư mục để lưu tệp đồng bộ (ví dụ USB)</source>
        <translation>Choose a folder for the sync file (e.g. a USB stick)</translation>
    </message>
    <message>
        <source>Đã xuất tệp đồng bộ</source>
        <translation>Sync file exported</translation>
    </message>
    <message>
        <source>Đã ghi tệp đồng bộ số {sequence}:
{path}</source>
        <translation>Sync file number {sequence} written:
{path}</translation>
    </message>
    <message>
        <source>Tệp này không được mã hóa: chỉ mang lên văn phòng bằng USB, đừng gửi qua Zalo hay thư điện tử, và xóa tệp khỏi USB khi văn phòng đã nhận.</source>
        <translation>This file is not encrypted: take it to the office only on a USB stick, do not send it by Zalo or e-mail, and delete it from the stick once the office has it.</translation>
    </message>
    <message>
        <source>Tệp đã được ký và mã hóa: chỉ văn phòng tổng hợp đọc được. Hãy mang tệp lên văn phòng bằng USB, hoặc gửi qua Zalo hay thư điện tử.</source>
        <translation>The file is signed and encrypted: only the consolidating office can read it. Take it to the office on a USB stick, or send it by Zalo or e-mail.</translation>
    </message>
    <message>
        <source>Mở thư mục</source>
        <translation>Open folder</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Áp dụng gói cài đặt</source>
        <translation>Apply setup package</translation>
    </message>
    <message>
        <source>Đã nhận khóa của {office}. Từ lần xuất tới, tệp đồng bộ được mã hóa; văn phòng nhận ra máy này ngay từ tệp đầu tiên.

Dấu vân tay khóa của văn phòng: {fp} — đối chiếu với văn phòng qua điện thoại.</source>
        <translation>The key of {office} is in place. From the next export on, sync files are encrypted; the office recognises this computer from its first file.

The office&apos;s key fingerprint: {fp} — compare it with the office by phone.</translation>
    </message>
    <message>
        <source>Chọn biên nhận của văn phòng tổng hợp</source>
        <translation>Choose the consolidating office&apos;s receipt</translation>
    </message>
    <message>
        <source>Biên nhận (*.gnreceipt);;Mọi tệp (*)</source>
        <translation>Receipts (*.gnreceipt);;All files (*)</translation>
    </message>
    <message>
        <source>Áp dụng biên nhận</source>
        <translation>Apply receipt</translation>
    </message>
    <message>
        <source>Đang áp dụng biên nhận…</source>
        <translation>Applying the receipt…</translation>
    </message>
    <message>
        <source>Đã áp dụng biên nhận</source>
        <translation>Receipt applied</translation>
    </message>
    <message>
        <source>Không mở được thư mục {path}. Hãy mở bằng trình quản lý tệp.</source>
        <translation>Could not open the folder {path}. Open it with the file manager.</translation>
    </message>
</context>
<context>
    <name>TrainingPane</name>
    <message>
        <source>Văn phòng tổng hợp: lớp học và học viên của tất cả các xã, chỉ xem. Các xã ghi rồi gửi lên bằng tệp đồng bộ.</source>
        <translation>Consolidating office: courses and learners of every commune, read-only. The communes record them and send sync files.</translation>
    </message>
    <message>
        <source>Đào tạo nghề — Dự án 4</source>
        <translation>Vocational training — Project 4</translation>
    </message>
    <message>
        <source>Mọi năm</source>
        <translation>All years</translation>
    </message>
    <message>
        <source>Năm {year}</source>
        <translation>Year {year}</translation>
    </message>
    <message>
        <source>Mọi xã</source>
        <translation>All communes</translation>
    </message>
    <message>
        <source>Mở lớp</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Mở lớp mới… (Ctrl+N)</source>
        <translation>New course… (Ctrl+N)</translation>
    </message>
    <message>
        <source>Học viên</source>
        <translation>Learners</translation>
    </message>
    <message>
        <source>Đã đào tạo</source>
        <translation>Trained</translation>
    </message>
    <message>
        <source>Có chứng chỉ</source>
        <translation>Certified</translation>
    </message>
    <message>
        <source>Có việc làm</source>
        <translation>Employed</translation>
    </message>
    <message>
        <source>Kết nối việc làm</source>
        <translation>Job connected</translation>
    </message>
    <message>
        <source>Đi làm ở nước ngoài</source>
        <translation>Working abroad</translation>
    </message>
    <message>
        <source>{n} lớp, {m} học viên</source>
        <translation>{n} courses, {m} learners</translation>
    </message>
    <message>
        <source>đang học {s}, bỏ học {d}</source>
        <translation>studying {s}, dropped {d}</translation>
    </message>
    <message>
        <source>chỉ tiêu {goal}{share}</source>
        <translation>target {goal}{share}</translation>
    </message>
    <message>
        <source>{source}: {total} (đào tạo {cost}, tiền ăn {meals}, đi lại {travel}, kết nối việc làm {job})</source>
        <translation>{source}: {total} (training {cost}, meals {meals}, travel {travel}, job connection {job})</translation>
    </message>
    <message>
        <source>Cả giai đoạn</source>
        <translation>Whole period</translation>
    </message>
    <message>
        <source>{scope} — kinh phí hỗ trợ học viên: {parts}</source>
        <translation>{scope} — support to learners: {parts}</translation>
    </message>
    <message>
        <source>chưa có</source>
        <translation>none yet</translation>
    </message>
</context>
<context>
    <name>VillagesDialog</name>
    <message>
        <source>Thôn/bản của {unit}</source>
        <translation>Villages of {unit}</translation>
    </message>
    <message>
        <source>Số liệu &amp;năm</source>
        <translation>Figures for &amp;year</translation>
    </message>
    <message>
        <source>&amp;Thêm…</source>
        <translation>&amp;Add…</translation>
    </message>
    <message>
        <source>Đổi t&amp;ên…</source>
        <translation>Re&amp;name…</translation>
    </message>
    <message>
        <source>&amp;Gộp vào…</source>
        <translation>&amp;Merge into…</translation>
    </message>
    <message>
        <source>Đ&amp;BKK…</source>
        <translation>ĐB&amp;KK…</translation>
    </message>
    <message>
        <source>&amp;Dân số…</source>
        <translation>&amp;Population…</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Xã thuộc diện ĐBKK năm {year}: giai đoạn {period}</source>
        <translation>The commune is especially difficult (ĐBKK) in {year}: period {period}</translation>
    </message>
    <message>
        <source>Xã không thuộc diện ĐBKK năm {year}.</source>
        <translation>The commune is not especially difficult (ĐBKK) in {year}.</translation>
    </message>
</context>
<context>
    <name>VillagesModel</name>
    <message>
        <source>Thôn/bản</source>
        <translation>Village</translation>
    </message>
    <message>
        <source>Hộ trong sổ</source>
        <translation>In register</translation>
    </message>
    <message>
        <source>ĐBKK</source>
        <translation>ĐBKK</translation>
    </message>
    <message>
        <source>Tổng số hộ {year}</source>
        <translation>Households {year}</translation>
    </message>
    <message>
        <source>Nhân khẩu {year}</source>
        <translation>Population {year}</translation>
    </message>
</context>
<context>
    <name>_Form</name>
    <message>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>_LeavingDialog</name>
    <message>
        <source>Chủ hộ mới</source>
        <translation>New head</translation>
    </message>
    <message>
        <source>Nhân khẩu</source>
        <translation>Member</translation>
    </message>
    <message>
        <source>Hộ sẽ không còn ai ở và được ghi là đã giải thể.</source>
        <translation>Nobody will be left in the household: it will be recorded as dissolved.</translation>
    </message>
    <message>
        <source>Người này là chủ hộ: chọn chủ hộ mới trong số người ở lại. Quan hệ với chủ hộ của những người khác có thể cần sửa lại trong biểu mẫu hộ.</source>
        <translation>This person is the head: choose a new head among those who stay. The others&apos; relationships to the head may need correcting in the household form.</translation>
    </message>
</context>
<context>
    <name>_NewMemberDialog</name>
    <message>
        <source>Họ và tên đầy đủ, có dấu</source>
        <translation>Full name, with diacritics</translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Giới tính</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>Dân tộc</source>
        <translation>Ethnic group</translation>
    </message>
    <message>
        <source>Quan hệ với chủ hộ</source>
        <translation>Relationship to head</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Không mở được cơ sở dữ liệu</source>
        <translation>Cannot open the database</translation>
    </message>
</context>
<context>
    <name>dialog</name>
    <message>
        <source>Đã thu hồi khóa {fp} của {commune}.</source>
        <translation>Revoked key {fp} of {commune}.</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>forms</name>
    <message>
        <source>Lưu — có cảnh báo</source>
        <translation>Save — with warnings</translation>
    </message>
    <message>
        <source>Kiểm tra lại trước khi lưu:</source>
        <translation>Check before saving:</translation>
    </message>
    <message>
        <source>Vẫn lưu</source>
        <translation>Save anyway</translation>
    </message>
    <message>
        <source>Quay lại sửa</source>
        <translation>Go back and correct</translation>
    </message>
</context>
<context>
    <name>households</name>
    <message>
        <source>Sinh con…</source>
        <translation>Birth…</translation>
    </message>
    <message>
        <source>Báo tử (nhân khẩu mất)…</source>
        <translation>Death of a member…</translation>
    </message>
    <message>
        <source>Nhập khẩu (kết hôn, chuyển đến)…</source>
        <translation>Joining (marriage, moving in)…</translation>
    </message>
    <message>
        <source>Một người chuyển đi…</source>
        <translation>A person moves out…</translation>
    </message>
    <message>
        <source>Tách hộ…</source>
        <translation>Split the household…</translation>
    </message>
    <message>
        <source>Cả hộ chuyển đi xã khác…</source>
        <translation>The household moves to another commune…</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Cần ghi lý do.</source>
        <translation>A reason is required.</translation>
    </message>
    <message>
        <source>… và {n} thông báo khác.</source>
        <translation>… and {n} more messages.</translation>
    </message>
</context>
<context>
    <name>housing</name>
    <message>
        <source>Phê duyệt…</source>
        <translation>Approve…</translation>
    </message>
    <message>
        <source>Khởi công…</source>
        <translation>Start construction…</translation>
    </message>
    <message>
        <source>Đạt giai đoạn đợt 1…</source>
        <translation>Stage of tranche 1 reached…</translation>
    </message>
    <message>
        <source>Nghiệm thu…</source>
        <translation>Accept…</translation>
    </message>
    <message>
        <source>Chi tiền…</source>
        <translation>Pay…</translation>
    </message>
    <message>
        <source>Không được duyệt…</source>
        <translation>Not approved…</translation>
    </message>
    <message>
        <source>Hủy hỗ trợ…</source>
        <translation>Cancel the support…</translation>
    </message>
</context>
<context>
    <name>operations</name>
    <message>
        <source>Đã xảy ra lỗi không mong đợi, công việc chưa hoàn thành. Chi tiết đã được ghi vào nhật ký của phần mềm.</source>
        <translation>An unexpected error occurred and the work was not finished. The details were written to the application&apos;s log.</translation>
    </message>
</context>
<context>
    <name>storage</name>
    <message>
        <source>Cơ sở dữ liệu đang bận</source>
        <translation>The database is busy</translation>
    </message>
    <message>
        <source>Đóng cửa sổ Sổ Giảm Nghèo khác (hoặc chờ lệnh đang chạy xong), rồi bấm Thử lại.</source>
        <translation>Close the other Sổ Giảm Nghèo window (or wait for the running command to finish), then click Try again.</translation>
    </message>
    <message>
        <source>Thử lại</source>
        <translation>Try again</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Không mở được cơ sở dữ liệu</source>
        <translation>Cannot open the database</translation>
    </message>
</context>
</TS>
