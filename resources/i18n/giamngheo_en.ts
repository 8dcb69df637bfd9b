<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="vi_VN">
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
        <source>Chọn…</source>
        <translation>Browse…</translation>
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
        <source>4. Nơi lưu tệp dữ liệu</source>
        <translation>4. Where to save the database file</translation>
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
        <source>Không tạo được tệp {path}: {error}</source>
        <translation>Cannot create the file {path}: {error}</translation>
    </message>
</context>
<context>
    <name>HouseholdsPane</name>
    <message>
        <source>Hộ gia đình</source>
        <translation>Households</translation>
    </message>
    <message>
        <source>Phần này đang được xây dựng: danh sách hộ và nhân khẩu, tìm kiếm, lọc theo thôn/bản, biểu mẫu nhập và sửa hộ, kết quả rà soát hằng năm sẽ có ở đây.</source>
        <translation>Under construction: the list of households and members, search, filtering by village, the household form and the annual review results will appear here.</translation>
    </message>
    <message numerus="yes">
        <source>Cơ sở dữ liệu tổng hợp đang có %Ln hộ gia đình của các xã.</source>
        <translation>
            <numerusform>The consolidated database holds %Ln household from the communes.</numerusform>
            <numerusform>The consolidated database holds %Ln households from the communes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cơ sở dữ liệu của xã đang có %Ln hộ gia đình.</source>
        <translation>
            <numerusform>The commune&apos;s database holds %Ln household.</numerusform>
            <numerusform>The commune&apos;s database holds %Ln households.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HousingPane</name>
    <message>
        <source>Hỗ trợ nhà ở</source>
        <translation>Housing support</translation>
    </message>
    <message>
        <source>Dự án 5: hỗ trợ xây mới và sửa chữa nhà ở cho hộ nghèo, hộ cận nghèo.</source>
        <translation>Project 5: support for building and repairing the houses of poor and near-poor households.</translation>
    </message>
    <message>
        <source>Phần này đang được xây dựng: đăng ký, phê duyệt, thi công, nghiệm thu và theo dõi giải ngân từng đợt sẽ có ở đây.</source>
        <translation>Under construction: registration, approval, construction, acceptance and payment by tranche will appear here.</translation>
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
    <name>SyncPane</name>
    <message>
        <source>Nhận và tổng hợp tệp đồng bộ do các xã gửi lên.</source>
        <translation>Receive and consolidate the sync files the communes send.</translation>
    </message>
    <message>
        <source>Phần này đang được xây dựng: kiểm tra và gộp tệp, xem xã nào còn thiếu hoặc gửi chậm, duyệt khóa của xã sẽ có ở đây.</source>
        <translation>Under construction: checking and merging files, seeing which communes are missing or late, and approving commune keys will appear here.</translation>
    </message>
    <message>
        <source>Gửi dữ liệu của xã cho văn phòng tổng hợp ({office}) bằng tệp đồng bộ (qua USB, Zalo hoặc thư điện tử).</source>
        <translation>Send the commune&apos;s data to the consolidating office ({office}) in sync files (by USB stick, Zalo or e-mail).</translation>
    </message>
    <message>
        <source>Phần này đang được xây dựng: xuất tệp đồng bộ, xem các tệp đã gửi và đọc biên nhận của văn phòng tổng hợp sẽ có ở đây.</source>
        <translation>Under construction: exporting sync files, the list of files sent and the office&apos;s receipts will appear here.</translation>
    </message>
    <message>
        <source>Đồng bộ</source>
        <translation>Sync</translation>
    </message>
</context>
<context>
    <name>TrainingPane</name>
    <message>
        <source>Đào tạo nghề</source>
        <translation>Vocational training</translation>
    </message>
    <message>
        <source>Dự án 4: giáo dục nghề nghiệp, việc làm bền vững.</source>
        <translation>Project 4: vocational education and sustainable employment.</translation>
    </message>
    <message>
        <source>Phần này đang được xây dựng: khóa học, học viên, trạng thái học và kết quả việc làm sau khóa học sẽ có ở đây.</source>
        <translation>Under construction: courses, learners, their progress and their employment after the course will appear here.</translation>
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
    <message>
        <source>Không mở được tệp {path}: {error}</source>
        <translation>Cannot open the file {path}: {error}</translation>
    </message>
</context>
</TS>
