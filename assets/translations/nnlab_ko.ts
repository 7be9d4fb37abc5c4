<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko" sourcelanguage="en">
<context>
    <name>ElementEditor</name>
    <message>
        <location filename="../../ui/panes/network.py" line="259"/>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
</context>
<context>
    <name>ExportAnimationDialog</name>
    <message>
        <location filename="../../ui/export_dialog.py" line="99"/>
        <source>Export animation</source>
        <translation>애니메이션 내보내기</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="110"/>
        <source>Step 0 is the start, before the first step</source>
        <translation>단계 0은 첫 단계 전의 시작 상태입니다</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="111"/>
        <source>From step</source>
        <translation>시작 단계</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="112"/>
        <source>To step</source>
        <translation>끝 단계</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="119"/>
        <source>Frames per second</source>
        <translation>초당 프레임</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="124"/>
        <source>Size</source>
        <translation>크기</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="128"/>
        <source>GIF</source>
        <translation>GIF</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="129"/>
        <source>MP4 video</source>
        <translation>MP4 동영상</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="130"/>
        <source>PNG images in a folder</source>
        <translation>폴더에 PNG 이미지</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="133"/>
        <source>Needs the video extra: pip install nnlab[video]</source>
        <translation>video 추가 기능이 필요합니다: pip install nnlab[video]</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="135"/>
        <source>Format</source>
        <translation>형식</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="137"/>
        <source>Export animation to</source>
        <translation>애니메이션 저장 위치</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="140"/>
        <source>File</source>
        <translation>파일</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="147"/>
        <source>Export</source>
        <translation>내보내기</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="151"/>
        <source>GIF animation (*.gif)</source>
        <translation>GIF 애니메이션 (*.gif)</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="151"/>
        <source>MP4 video (*.mp4)</source>
        <translation>MP4 동영상 (*.mp4)</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="166"/>
        <source>Choose where to write the animation</source>
        <translation>애니메이션을 저장할 위치 선택</translation>
    </message>
</context>
<context>
    <name>ExportHandoutDialog</name>
    <message>
        <location filename="../../ui/export_dialog.py" line="191"/>
        <source>Export worked solution</source>
        <translation>풀이 내보내기</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="197"/>
        <source>HTML page (printable, images inside)</source>
        <translation>HTML 페이지 (인쇄용, 이미지 포함)</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="198"/>
        <source>Markdown (+ a folder of images)</source>
        <translation>Markdown (+ 이미지 폴더)</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="199"/>
        <source>Format</source>
        <translation>형식</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="203"/>
        <source>No diagrams</source>
        <translation>다이어그램 없음</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="204"/>
        <source>Every step</source>
        <translation>모든 단계</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="205"/>
        <source>Every Nth step</source>
        <translation>N단계마다</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="206"/>
        <source>These steps</source>
        <translation>지정한 단계</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="208"/>
        <source>Diagrams</source>
        <translation>다이어그램</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="213"/>
        <source>N (every Nth step)</source>
        <translation>N (N단계마다)</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="216"/>
        <source>e.g. 1, 5, 12 or 3-6 (0 = the start)</source>
        <translation>예: 1, 5, 12 또는 3-6 (0 = 시작)</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="217"/>
        <source>Steps</source>
        <translation>단계</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="222"/>
        <source>Diagram size</source>
        <translation>다이어그램 크기</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="224"/>
        <source>Export worked solution to</source>
        <translation>풀이 저장 위치</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="226"/>
        <source>File</source>
        <translation>파일</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="229"/>
        <source>Export</source>
        <translation>내보내기</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="232"/>
        <source>HTML page (*.html)</source>
        <translation>HTML 페이지 (*.html)</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="232"/>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="248"/>
        <source>List the steps that get a diagram, e.g. 1, 5, 12</source>
        <translation>다이어그램을 넣을 단계를 적으세요 (예: 1, 5, 12)</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="254"/>
        <source>Choose where to write the worked solution</source>
        <translation>풀이를 저장할 위치 선택</translation>
    </message>
</context>
<context>
    <name>FormulaPanel</name>
    <message>
        <location filename="../../ui/formula.py" line="103"/>
        <source>Step {k} / {n}</source>
        <translation>단계 {k} / {n}</translation>
    </message>
    <message>
        <location filename="../../ui/formula.py" line="107"/>
        <source>Show every term…</source>
        <translation>모든 항 보기…</translation>
    </message>
    <message>
        <location filename="../../ui/formula.py" line="110"/>
        <source>Press Space to play or → to take the first step ({n} steps).</source>
        <translation>Space 키로 재생, → 키로 첫 단계로 이동 (총 {n}단계).</translation>
    </message>
    <message>
        <location filename="../../ui/formula.py" line="118"/>
        <source>{title} — what do you predict? (→ reveals)</source>
        <translation>{title} — 결과를 예측해 보세요 (→ 키로 공개)</translation>
    </message>
</context>
<context>
    <name>GridEditing</name>
    <message>
        <location filename="../../ui/panes/grid_lab.py" line="118"/>
        <source>Apply typed grid</source>
        <translation>입력한 격자 적용</translation>
    </message>
    <message>
        <location filename="../../ui/panes/grid_lab.py" line="125"/>
        <source>Type a grid:</source>
        <translation>격자 입력:</translation>
    </message>
</context>
<context>
    <name>GridLabPane</name>
    <message>
        <location filename="../../ui/panes/grid_lab.py" line="208"/>
        <source>cell</source>
        <translation>칸</translation>
    </message>
    <message>
        <location filename="../../ui/panes/grid_lab.py" line="219"/>
        <source>Backward pass</source>
        <translation>역전파</translation>
    </message>
    <message>
        <location filename="../../ui/panes/grid_lab.py" line="225"/>
        <source>ones</source>
        <translation>모두 1</translation>
    </message>
    <message>
        <location filename="../../ui/panes/grid_lab.py" line="226"/>
        <source>typed (click ∂L/∂y cells)</source>
        <translation>직접 입력 (∂L/∂y 칸 클릭)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/grid_lab.py" line="228"/>
        <source>Upstream ∂L/∂y</source>
        <translation>상류 ∂L/∂y</translation>
    </message>
    <message>
        <location filename="../../ui/panes/grid_lab.py" line="264"/>
        <source>Refused: {reason}</source>
        <translation>거부됨: {reason}</translation>
    </message>
</context>
<context>
    <name>LockDialog</name>
    <message>
        <location filename="../../ui/locks.py" line="29"/>
        <source>Locked by the teacher</source>
        <translation>선생님이 잠갔습니다</translation>
    </message>
    <message>
        <location filename="../../ui/locks.py" line="40"/>
        <source>Student view: lock or hide controls</source>
        <translation>학생용 보기: 컨트롤 잠금 또는 숨김</translation>
    </message>
    <message>
        <location filename="../../ui/locks.py" line="44"/>
        <source>Control</source>
        <translation>컨트롤</translation>
    </message>
    <message>
        <location filename="../../ui/locks.py" line="44"/>
        <source>Locked</source>
        <translation>잠금</translation>
    </message>
    <message>
        <location filename="../../ui/locks.py" line="44"/>
        <source>Hidden</source>
        <translation>숨김</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/app.py" line="59"/>
        <source>Edit</source>
        <translation>편집</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="131"/>
        <source>Se&amp;ttings panel</source>
        <translation>설정 패널(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="135"/>
        <source>Show or fold the lab&apos;s settings panel (F4)</source>
        <translation>실습의 설정 패널 보이기 또는 접기 (F4)</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="153"/>
        <source>Lab</source>
        <translation>실습</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="156"/>
        <source> Lab: </source>
        <translation> 실습: </translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="163"/>
        <source>  Preset: </source>
        <translation>  프리셋: </translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="188"/>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="189"/>
        <source>&amp;New from preset</source>
        <translation>프리셋에서 새로 만들기(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="192"/>
        <source>&amp;Open…</source>
        <translation>열기(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="193"/>
        <source>Open &amp;recent</source>
        <translation>최근 파일 열기(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="196"/>
        <source>Open &amp;MNIST files (IDX)…</source>
        <translation>&amp;MNIST 파일 열기 (IDX)…</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="198"/>
        <source>&amp;Save</source>
        <translation>저장(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="199"/>
        <source>Save &amp;as…</source>
        <translation>다른 이름으로 저장(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="201"/>
        <source>&amp;Export weights…</source>
        <translation>가중치 내보내기(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="203"/>
        <source>&amp;Import weights…</source>
        <translation>가중치 가져오기(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="206"/>
        <source>Export &amp;animation…</source>
        <translation>애니메이션 내보내기(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="207"/>
        <source>Export worked &amp;solution…</source>
        <translation>풀이 내보내기(&amp;W)…</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="209"/>
        <source>&amp;Quit</source>
        <translation>종료(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="211"/>
        <source>&amp;Edit</source>
        <translation>편집(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="212"/>
        <source>&amp;Undo</source>
        <translation>실행 취소(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="215"/>
        <source>&amp;Redo</source>
        <translation>다시 실행(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="220"/>
        <source>&amp;Copy lab as text</source>
        <translation>실습을 텍스트로 복사(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="221"/>
        <source>&amp;Paste lab from text</source>
        <translation>텍스트에서 실습 붙여넣기(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="223"/>
        <source>&amp;Student view: lock or hide controls…</source>
        <translation>학생용 보기: 컨트롤 잠금/숨김(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="225"/>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="226"/>
        <source>&amp;Quiz mode: predict, then reveal</source>
        <translation>퀴즈 모드: 예측 후 공개(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="231"/>
        <source>&amp;Presenter mode (large type)</source>
        <translation>발표자 모드 - 큰 글씨(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="234"/>
        <source>Presenter &amp;scale</source>
        <translation>발표자 배율(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="241"/>
        <source>&amp;High contrast</source>
        <translation>고대비(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="244"/>
        <source>&amp;Highlight the cursor</source>
        <translation>커서 강조(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="246"/>
        <source>&amp;Full screen</source>
        <translation>전체 화면(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="247"/>
        <source>&amp;Language</source>
        <translation>언어(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="255"/>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="256"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>단축키(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="257"/>
        <source>&amp;Notation</source>
        <translation>표기법(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="258"/>
        <source>&amp;About nnlab</source>
        <translation>nnlab 정보(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="283"/>
        <source>(choose a preset)</source>
        <translation>(프리셋 선택)</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="380"/>
        <source>Opening {source}: building its timeline…</source>
        <translation>{source} 여는 중: 타임라인을 만드는 중…</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="402"/>
        <source>Could not open {source}</source>
        <translation>{source}을(를) 열 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="418"/>
        <source>Opened {source}</source>
        <translation>{source}을(를) 열었습니다</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="449"/>
        <source>That change was refused</source>
        <translation>그 변경은 받아들여지지 않았습니다</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="474"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="476"/>
        <source>Computing the new timeline…</source>
        <translation>새 타임라인을 계산하는 중…</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="493"/>
        <source>Opening {source} was cancelled</source>
        <translation>{source} 열기를 취소했습니다</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="501"/>
        <source>The change was cancelled</source>
        <translation>변경을 취소했습니다</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="520"/>
        <source>Open lab</source>
        <translation>실습 열기</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="520"/>
        <location filename="../../ui/app.py" line="532"/>
        <source>nnlab labs (*.nnlab)</source>
        <translation>nnlab 실습 (*.nnlab)</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="532"/>
        <source>Save lab</source>
        <translation>실습 저장</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="542"/>
        <source>Could not save {path}</source>
        <translation>{path}을(를) 저장할 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="548"/>
        <source>Saved {path}</source>
        <translation>{path}에 저장했습니다</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="560"/>
        <source>ONNX in float64 (*.onnx)</source>
        <translation>ONNX, float64 (*.onnx)</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="562"/>
        <source>Export weights</source>
        <translation>가중치 내보내기</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="573"/>
        <source>Weights (*.npz *.json *.pkl *.pt *.pth)</source>
        <translation>가중치 (*.npz *.json *.pkl *.pt *.pth)</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="560"/>
        <source>Weights (*.npz *.json *.onnx)</source>
        <translation>가중치 (*.npz *.json *.onnx)</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="572"/>
        <source>Import weights</source>
        <translation>가중치 가져오기</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="592"/>
        <source>Could not use {path}</source>
        <translation>{path}을(를) 사용할 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="594"/>
        <source>Done: {path}</source>
        <translation>완료: {path}</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="603"/>
        <source>The lab is on the clipboard as text ({n} characters): paste it into a chat.</source>
        <translation>실습을 텍스트({n}자)로 클립보드에 복사했습니다. 채팅에 붙여 넣으세요.</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="614"/>
        <source>Could not paste the lab</source>
        <translation>실습을 붙여 넣을 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="619"/>
        <source>Pasted a {lab} lab</source>
        <translation>{lab} 실습을 붙여 넣었습니다</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="649"/>
        <source>Restore unsaved work?</source>
        <translation>저장하지 않은 작업을 복구할까요?</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="650"/>
        <source>nnlab did not close properly last time. Restore the {lab} lab with its unsaved changes?</source>
        <translation>지난번에 nnlab이 제대로 종료되지 않았습니다. 저장하지 않은 변경 사항이 있는 {lab} 실습을 복구할까요?</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="667"/>
        <source>Restored the unsaved lab</source>
        <translation>저장하지 않은 실습을 복구했습니다</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="675"/>
        <source>Unsaved changes</source>
        <translation>저장하지 않은 변경 사항</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="675"/>
        <source>Save the changes to the current lab before closing?</source>
        <translation>닫기 전에 현재 실습의 변경 사항을 저장할까요?</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="801"/>
        <source>About nnlab</source>
        <translation>nnlab 정보</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="802"/>
        <source>nnlab {version}
A visual lab: how neural networks compute, one number at a time.</source>
        <translation>nnlab {version}
신경망이 계산하는 과정을 숫자 하나하나 보여 주는 시각 실습 도구.</translation>
    </message>
</context>
<context>
    <name>NetworkDiagram</name>
    <message>
        <location filename="../../ui/widgets/network_diagram.py" line="257"/>
        <source>showing {shown} of {total} edges (the strongest; all in the values table)</source>
        <translation>간선 {total}개 중 {shown}개 표시 (가장 강한 것; 전체는 값 표에)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/network_diagram.py" line="261"/>
        <source>{total} edges · blue positive, orange negative, width ∝ |w|</source>
        <translation>간선 {total}개 · 파랑 양수, 주황 음수, 굵기 ∝ |w|</translation>
    </message>
</context>
<context>
    <name>NumberField</name>
    <message>
        <location filename="../../ui/widgets/fields.py" line="40"/>
        <source>value</source>
        <translation>값</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/fields.py" line="46"/>
        <source>{name}: &apos;{text}&apos; is not a number</source>
        <translation>{name}: &apos;{text}&apos;은(는) 숫자가 아닙니다</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/fields.py" line="48"/>
        <source>{name}: must be a whole number</source>
        <translation>{name}: 정수여야 합니다</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/fields.py" line="50"/>
        <source>{name}: must be between {lo} and {hi}</source>
        <translation>{name}: {lo}에서 {hi} 사이여야 합니다</translation>
    </message>
</context>
<context>
    <name>Pane</name>
    <message>
        <location filename="../../ui/panes/activations.py" line="180"/>
        <source>f(x)</source>
        <translation>f(x)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="181"/>
        <source>f′(x), the slope</source>
        <translation>f′(x), 기울기</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="203"/>
        <source>naive: input a</source>
        <translation>단순: 입력 a</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="203"/>
        <source>naive: exp(a)</source>
        <translation>단순: exp(a)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="203"/>
        <source>naive: y = exp(a) / Σ</source>
        <translation>단순: y = exp(a) / Σ</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="204"/>
        <source>safe: a − c (c = max a)</source>
        <translation>안전: a − c (c = max a)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="204"/>
        <source>safe: exp(a − c)</source>
        <translation>안전: exp(a − c)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="204"/>
        <source>safe: y = exp(a − c) / Σ</source>
        <translation>안전: y = exp(a − c) / Σ</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="211"/>
        <location filename="../../ui/panes/activations.py" line="310"/>
        <source>prediction y</source>
        <translation>예측값 y</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="212"/>
        <location filename="../../ui/panes/activations.py" line="311"/>
        <source>target t</source>
        <translation>정답 t</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="213"/>
        <source>(y − t)²</source>
        <translation>(y − t)²</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="214"/>
        <source>−t · log y</source>
        <translation>−t · log y</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="218"/>
        <source>f(x) and the tangent at x₀</source>
        <translation>f(x)와 x₀에서의 접선</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="172"/>
        <source>Drag to move x₀</source>
        <translation>끌어서 x₀ 이동</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="235"/>
        <source>−∇f of x₀² + x₁²</source>
        <translation>x₀² + x₁²의 −∇f</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="271"/>
        <source>x₀</source>
        <translation>x₀</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="332"/>
        <source>point (x₀, x₁)</source>
        <translation>점 (x₀, x₁)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="555"/>
        <source>x₀ = {x0}</source>
        <translation>x₀ = {x0}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="676"/>
        <source>x₀ = {x0}, f(x₀) = {f}</source>
        <translation>x₀ = {x0}, f(x₀) = {f}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="224"/>
        <source>error versus h (log–log)</source>
        <translation>h에 따른 오차 (로그–로그)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="228"/>
        <location filename="../../ui/panes/activations.py" line="231"/>
        <source>forward</source>
        <translation>전방</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="229"/>
        <location filename="../../ui/panes/activations.py" line="232"/>
        <source>central</source>
        <translation>중심</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="253"/>
        <source>Functions</source>
        <translation>함수</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="253"/>
        <source>Softmax</source>
        <translation>소프트맥스</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="253"/>
        <source>Losses</source>
        <translation>손실 함수</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="254"/>
        <source>Derivative</source>
        <translation>미분</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="257"/>
        <location filename="../../ui/panes/conv.py" line="85"/>
        <source>View</source>
        <translation>보기</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="260"/>
        <location filename="../../ui/panes/activations.py" line="272"/>
        <source>x from</source>
        <translation>x 시작</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="262"/>
        <location filename="../../ui/panes/activations.py" line="273"/>
        <source>x to</source>
        <translation>x 끝</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="264"/>
        <location filename="../../ui/panes/activations.py" line="274"/>
        <location filename="../../ui/widgets/training_controls.py" line="158"/>
        <source>samples</source>
        <translation>샘플 수</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="298"/>
        <source>input a</source>
        <translation>입력 a</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="299"/>
        <source>Large inputs [1010, 1000, 990]</source>
        <translation>큰 입력 [1010, 1000, 990]</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="319"/>
        <source>A function of x: numbers, x, pi, e, + − * / ** ^, sin cos tan exp log sqrt tanh abs</source>
        <translation>x의 함수: 숫자, x, pi, e, + − * / ** ^, sin cos tan exp log sqrt tanh abs</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="324"/>
        <source>f(x) =</source>
        <translation>f(x) =</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="330"/>
        <source>h</source>
        <translation>h</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="356"/>
        <source>Numbers separated by commas</source>
        <translation>쉼표로 구분한 숫자</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="391"/>
        <source>{field}: type numbers separated by commas</source>
        <translation>{field}: 숫자를 쉼표로 구분해 입력하세요</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="402"/>
        <source>functions: choose at least one function</source>
        <translation>functions: 함수를 하나 이상 고르세요</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="600"/>
        <source>a = {v}</source>
        <translation>a = {v}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="601"/>
        <source>c = max a = {v}</source>
        <translation>c = max a = {v}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="601"/>
        <source>naive Σ exp(a) = {v}</source>
        <translation>단순 Σ exp(a) = {v}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="602"/>
        <source>safe Σ exp(a − c) = {v}</source>
        <translation>안전 Σ exp(a − c) = {v}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="606"/>
        <source>naive form finite: {v}</source>
        <translation>단순한 형태가 유한한가: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="607"/>
        <source>yes</source>
        <translation>예</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="607"/>
        <source>no — overflow</source>
        <translation>아니요 — 오버플로</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="623"/>
        <source>mean squared error E = {v}</source>
        <translation>평균 제곱 오차 E = {v}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="624"/>
        <source>cross-entropy E = {v}</source>
        <translation>교차 엔트로피 E = {v}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="673"/>
        <source>forward difference</source>
        <translation>전방 차분</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="673"/>
        <source>central difference</source>
        <translation>중심 차분</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="674"/>
        <source>best h, forward</source>
        <translation>최적 h, 전방</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="674"/>
        <source>true f′(x₀)</source>
        <translation>참 f′(x₀)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/activations.py" line="675"/>
        <source>best h, central</source>
        <translation>최적 h, 중심</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="64"/>
        <location filename="../../ui/panes/pooling.py" line="42"/>
        <source>Padding</source>
        <translation>패딩</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="65"/>
        <location filename="../../ui/panes/pooling.py" line="41"/>
        <source>Stride</source>
        <translation>스트라이드</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="66"/>
        <source>Dilation</source>
        <translation>팽창</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="67"/>
        <source>Kernel size</source>
        <translation>커널 크기</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="68"/>
        <source>Filters</source>
        <translation>필터 수</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="69"/>
        <location filename="../../ui/panes/pooling.py" line="43"/>
        <source>Channels</source>
        <translation>채널 수</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="70"/>
        <location filename="../../ui/panes/pooling.py" line="44"/>
        <source>Input rows</source>
        <translation>입력 행 수</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="71"/>
        <location filename="../../ui/panes/pooling.py" line="45"/>
        <source>Input columns</source>
        <translation>입력 열 수</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="72"/>
        <source>Transposed convolution</source>
        <translation>전치 합성곱</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="76"/>
        <source>Round the output size down (⌊…⌋)</source>
        <translation>출력 크기 내림 (⌊…⌋)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="82"/>
        <source>Grids</source>
        <translation>격자</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="83"/>
        <source>im2col: patches × kernels</source>
        <translation>im2col: 패치 × 커널</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="88"/>
        <source>Click a cell of the input, a kernel, a bias or ∂L/∂y to edit it.</source>
        <translation>입력, 커널, 편향, ∂L/∂y의 칸을 클릭하면 편집할 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="93"/>
        <source>(typed)</source>
        <translation>(직접 입력)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="94"/>
        <source>Edge</source>
        <translation>윤곽선</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="94"/>
        <source>Sobel x</source>
        <translation>Sobel x</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="94"/>
        <source>Sobel y</source>
        <translation>Sobel y</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="95"/>
        <source>Blur</source>
        <translation>흐리게</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="95"/>
        <source>Sharpen</source>
        <translation>선명하게</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="95"/>
        <source>Emboss</source>
        <translation>엠보스</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="98"/>
        <source>Classic kernel</source>
        <translation>대표 커널</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="102"/>
        <source>Use digit</source>
        <translation>숫자 사용</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="108"/>
        <source>Digit</source>
        <translation>숫자 이미지</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="109"/>
        <source>Open image…</source>
        <translation>이미지 열기…</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="112"/>
        <source>PNG/JPEG</source>
        <translation>PNG/JPEG</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="116"/>
        <location filename="../../ui/panes/conv.py" line="297"/>
        <location filename="../../ui/panes/pooling.py" line="49"/>
        <location filename="../../ui/panes/pooling.py" line="96"/>
        <source>input x</source>
        <translation>입력 x</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="116"/>
        <source>kernels w</source>
        <translation>커널 w</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="117"/>
        <location filename="../../ui/panes/pooling.py" line="50"/>
        <source>upstream ∂L/∂y</source>
        <translation>상류 ∂L/∂y</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="118"/>
        <source>Rows of numbers; grids apart by a blank line (input: one per channel; kernels: filter 0 channel 0, filter 0 channel 1, …; ∂L/∂y: one per filter).</source>
        <translation>숫자를 행마다 한 줄씩 쓰고, 격자 사이는 빈 줄로 나눕니다 (입력: 채널마다 하나, 커널: 필터 0 채널 0, 필터 0 채널 1, …, ∂L/∂y: 필터마다 하나).</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="132"/>
        <source>kernels: {n} grids typed, need a multiple of the {c} input channels</source>
        <translation>kernels: 격자를 {n}개 입력했습니다. 입력 채널 수 {c}의 배수여야 합니다</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="189"/>
        <source>Open an image</source>
        <translation>이미지 열기</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="190"/>
        <source>Images (*.png *.jpg *.jpeg)</source>
        <translation>이미지 (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="200"/>
        <source>Padding cells are always 0.</source>
        <translation>패딩 칸은 항상 0입니다.</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="204"/>
        <location filename="../../ui/panes/pooling.py" line="78"/>
        <source>Input channel {c}, row {r}, column {col}</source>
        <translation>입력 채널 {c}, {r}행, {col}열</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="207"/>
        <source>Kernel {f}, channel {c}, row {r}, column {col}</source>
        <translation>커널 {f}, 채널 {c}, {r}행, {col}열</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="209"/>
        <source>Bias of filter {f}</source>
        <translation>필터 {f}의 편향</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="212"/>
        <source>Upstream gradient ∂L/∂y, filter {f}, row {r}, column {col}</source>
        <translation>상류 기울기 ∂L/∂y, 필터 {f}, {r}행, {col}열</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="214"/>
        <source>Computed cells change when the input, kernels or bias change.</source>
        <translation>계산된 칸은 입력, 커널, 편향이 바뀌면 따라 바뀝니다.</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="239"/>
        <source>kernels, flattened (FN × C·FH·FW)</source>
        <translation>펼친 커널 (FN × C·FH·FW)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="240"/>
        <source>im2col patch matrix (C·FH·FW × OH·OW)</source>
        <translation>im2col 패치 행렬 (C·FH·FW × OH·OW)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="242"/>
        <source>output = kernels × patches (FN × OH·OW)</source>
        <translation>출력 = 커널 × 패치 (FN × OH·OW)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="297"/>
        <source>input x, stretched</source>
        <translation>입력 x, 늘림</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="298"/>
        <location filename="../../ui/panes/pooling.py" line="96"/>
        <source>x, channel {c}</source>
        <translation>x, 채널 {c}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="299"/>
        <source>kernel k</source>
        <translation>커널 k</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="299"/>
        <source>kernel k (slides flipped)</source>
        <translation>커널 k (뒤집어서 이동)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="300"/>
        <source>k{f}</source>
        <translation>k{f}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="301"/>
        <source>bias b</source>
        <translation>편향 b</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="301"/>
        <source>b{f}</source>
        <translation>b{f}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="302"/>
        <location filename="../../ui/panes/pooling.py" line="97"/>
        <source>output y</source>
        <translation>출력 y</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="302"/>
        <source>y{f}</source>
        <translation>y{f}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="303"/>
        <location filename="../../ui/panes/pooling.py" line="98"/>
        <source>∂L/∂x</source>
        <translation>∂L/∂x</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="303"/>
        <source>∂L/∂x, channel {c}</source>
        <translation>∂L/∂x, 채널 {c}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="304"/>
        <source>∂L/∂k</source>
        <translation>∂L/∂k</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="304"/>
        <source>∂L/∂k{f}</source>
        <translation>∂L/∂k{f}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="305"/>
        <source>∂L/∂b</source>
        <translation>∂L/∂b</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="305"/>
        <source>∂L/∂b{f}</source>
        <translation>∂L/∂b{f}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="306"/>
        <location filename="../../ui/panes/pooling.py" line="98"/>
        <source>∂L/∂y (upstream)</source>
        <translation>∂L/∂y (상류)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/conv.py" line="306"/>
        <source>∂L/∂y{f}</source>
        <translation>∂L/∂y{f}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/graph.py" line="37"/>
        <source>Nodes</source>
        <translation>노드</translation>
    </message>
    <message>
        <location filename="../../ui/panes/graph.py" line="45"/>
        <location filename="../../ui/panes/graph.py" line="72"/>
        <source>value</source>
        <translation>값</translation>
    </message>
    <message>
        <location filename="../../ui/panes/graph.py" line="49"/>
        <source>Remove</source>
        <translation>삭제</translation>
    </message>
    <message>
        <location filename="../../ui/panes/graph.py" line="52"/>
        <source>Set output</source>
        <translation>출력으로 지정</translation>
    </message>
    <message>
        <location filename="../../ui/panes/graph.py" line="55"/>
        <location filename="../../ui/panes/graph.py" line="211"/>
        <source>Value</source>
        <translation>값</translation>
    </message>
    <message>
        <location filename="../../ui/panes/graph.py" line="63"/>
        <source>Add an input</source>
        <translation>입력 추가</translation>
    </message>
    <message>
        <location filename="../../ui/panes/cnn.py" line="206"/>
        <source>simple (one convolution)</source>
        <translation>단순 (합성곱 하나)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/cnn.py" line="207"/>
        <source>deep (VGG-style)</source>
        <translation>깊은 (VGG 스타일)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/cnn.py" line="214"/>
        <source>Test image</source>
        <translation>테스트 이미지</translation>
    </message>
    <message>
        <location filename="../../ui/panes/cnn.py" line="218"/>
        <source>Images</source>
        <translation>이미지</translation>
    </message>
    <message>
        <location filename="../../ui/panes/cnn.py" line="221"/>
        <source>Open 28×28 MNIST images and labels (IDX files): the network is rebuilt for 28×28 and trained on them</source>
        <translation>28×28 MNIST 이미지와 레이블(IDX 파일)을 엽니다: 신경망을 28×28에 맞게 다시 만들고 그 파일로 학습합니다</translation>
    </message>
    <message>
        <location filename="../../ui/panes/cnn.py" line="224"/>
        <source>Digits 8×8</source>
        <translation>숫자 8×8</translation>
    </message>
    <message>
        <location filename="../../ui/panes/cnn.py" line="244"/>
        <source>Grad-CAM for</source>
        <translation>Grad-CAM 대상</translation>
    </message>
    <message>
        <location filename="../../ui/panes/cnn.py" line="249"/>
        <source>Step convolution</source>
        <translation>단계별 합성곱</translation>
    </message>
    <message>
        <location filename="../../ui/panes/cnn.py" line="253"/>
        <source>… its map</source>
        <translation>… 그 맵</translation>
    </message>
    <message>
        <location filename="../../ui/panes/cnn.py" line="255"/>
        <source>Click a map of a convolution (or its ReLU) to step how it is computed.</source>
        <translation>합성곱(또는 그 ReLU)의 맵을 클릭하면 그 계산을 단계별로 봅니다.</translation>
    </message>
    <message>
        <location filename="../../ui/panes/cnn.py" line="258"/>
        <source>Draw a digit (right button erases):</source>
        <translation>숫자를 그리세요 (오른쪽 버튼은 지우기):</translation>
    </message>
    <message>
        <location filename="../../ui/panes/cnn.py" line="262"/>
        <source>Classify the drawing</source>
        <translation>그림 분류하기</translation>
    </message>
    <message>
        <location filename="../../ui/panes/cnn.py" line="265"/>
        <source>Clear</source>
        <translation>지우기</translation>
    </message>
    <message>
        <location filename="../../ui/panes/cnn.py" line="284"/>
        <location filename="../../ui/panes/cnn.py" line="304"/>
        <source>Train on the digits</source>
        <translation>숫자 데이터로 학습</translation>
    </message>
    <message>
        <location filename="../../ui/panes/cnn.py" line="298"/>
        <source>MNIST {name}: {n} images 28×28 ({test} held out)</source>
        <translation>MNIST {name}: 28×28 이미지 {n}개 (검증용 {test}개)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/cnn.py" line="300"/>
        <source>the digits 8×8 ({test} held out)</source>
        <translation>8×8 숫자 데이터 (검증용 {test}개)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/cnn.py" line="304"/>
        <source>Train on the MNIST files</source>
        <translation>MNIST 파일로 학습</translation>
    </message>
    <message>
        <location filename="../../ui/panes/cnn.py" line="313"/>
        <source>random weights (seed {seed})</source>
        <translation>무작위 가중치 (시드 {seed})</translation>
    </message>
    <message>
        <location filename="../../ui/panes/cnn.py" line="314"/>
        <source>trained weights</source>
        <translation>학습된 가중치</translation>
    </message>
    <message>
        <location filename="../../ui/panes/cnn.py" line="315"/>
        <source>Convolution 1&apos;s filters ({source}):</source>
        <translation>합성곱 1의 필터 ({source}):</translation>
    </message>
    <message>
        <location filename="../../ui/panes/cnn.py" line="366"/>
        <source>A pooling map: choose a convolution&apos;s map to step it.</source>
        <translation>풀링 맵입니다: 단계별로 보려면 합성곱의 맵을 고르세요.</translation>
    </message>
    <message>
        <location filename="../../ui/panes/cnn.py" line="391"/>
        <source>Epoch {e}: loss {loss}</source>
        <translation>에폭 {e}: 손실 {loss}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/cnn.py" line="401"/>
        <source>{n} epochs: loss {loss}, test accuracy {acc} %</source>
        <translation>{n} 에폭: 손실 {loss}, 테스트 정확도 {acc} %</translation>
    </message>
    <message>
        <location filename="../../ui/panes/cnn.py" line="403"/>
        <source>Cancelled before the first epoch ended; weights unchanged</source>
        <translation>첫 에폭이 끝나기 전에 취소했습니다. 가중치는 그대로입니다</translation>
    </message>
    <message>
        <location filename="../../ui/panes/cnn.py" line="486"/>
        <source>Grad-CAM</source>
        <translation>Grad-CAM</translation>
    </message>
    <message>
        <location filename="../../ui/panes/cnn.py" line="486"/>
        <source>Grad-CAM for class {c}</source>
        <translation>클래스 {c}의 Grad-CAM</translation>
    </message>
    <message>
        <location filename="../../ui/panes/cnn.py" line="492"/>
        <source>conv {n}</source>
        <translation>합성곱 {n}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/cnn.py" line="492"/>
        <source>ReLU {n}</source>
        <translation>ReLU {n}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/cnn.py" line="492"/>
        <source>pool {n}</source>
        <translation>풀링 {n}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/cnn.py" line="493"/>
        <location filename="../../ui/panes/cnn.py" line="508"/>
        <location filename="../../ui/panes/cnn.py" line="516"/>
        <location filename="../../ui/panes/graph.py" line="67"/>
        <location filename="../../ui/panes/graph.py" line="142"/>
        <location filename="../../ui/panes/network.py" line="511"/>
        <location filename="../../ui/panes/training.py" line="217"/>
        <source>input</source>
        <translation>입력</translation>
    </message>
    <message>
        <location filename="../../ui/panes/cnn.py" line="502"/>
        <source>kernel</source>
        <translation>커널</translation>
    </message>
    <message>
        <location filename="../../ui/panes/cnn.py" line="502"/>
        <source>map {m}</source>
        <translation>맵 {m}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/cnn.py" line="551"/>
        <source>The network says {p}</source>
        <translation>신경망의 답: {p}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/cnn.py" line="553"/>
        <source>(true class {t})</source>
        <translation>(정답 {t})</translation>
    </message>
    <message>
        <location filename="../../ui/panes/graph.py" line="68"/>
        <location filename="../../ui/panes/graph.py" line="142"/>
        <source>constant</source>
        <translation>상수</translation>
    </message>
    <message>
        <location filename="../../ui/panes/graph.py" line="71"/>
        <source>name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location filename="../../ui/panes/graph.py" line="75"/>
        <source>Add</source>
        <translation>추가</translation>
    </message>
    <message>
        <location filename="../../ui/panes/graph.py" line="82"/>
        <source>Add an operation</source>
        <translation>연산 추가</translation>
    </message>
    <message>
        <location filename="../../ui/panes/graph.py" line="93"/>
        <source>exponent</source>
        <translation>지수</translation>
    </message>
    <message>
        <location filename="../../ui/panes/graph.py" line="98"/>
        <source>name (optional)</source>
        <translation>이름 (선택)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/graph.py" line="99"/>
        <source>Add operation</source>
        <translation>연산 추가</translation>
    </message>
    <message>
        <location filename="../../ui/panes/graph.py" line="102"/>
        <source>Kind</source>
        <translation>종류</translation>
    </message>
    <message>
        <location filename="../../ui/panes/graph.py" line="103"/>
        <source>Input 1</source>
        <translation>입력 1</translation>
    </message>
    <message>
        <location filename="../../ui/panes/graph.py" line="104"/>
        <source>Input 2</source>
        <translation>입력 2</translation>
    </message>
    <message>
        <location filename="../../ui/panes/graph.py" line="105"/>
        <location filename="../../ui/panes/graph.py" line="211"/>
        <source>Exponent p</source>
        <translation>지수 p</translation>
    </message>
    <message>
        <location filename="../../ui/panes/graph.py" line="106"/>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location filename="../../ui/panes/graph.py" line="110"/>
        <source>Backward</source>
        <translation>역전파</translation>
    </message>
    <message>
        <location filename="../../ui/panes/cnn.py" line="247"/>
        <location filename="../../ui/panes/graph.py" line="118"/>
        <location filename="../../ui/widgets/training_controls.py" line="170"/>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <location filename="../../ui/panes/graph.py" line="118"/>
        <source>compare with σ&apos; = y(1 − y)</source>
        <translation>σ&apos; = y(1 − y)와 비교</translation>
    </message>
    <message>
        <location filename="../../ui/panes/graph.py" line="122"/>
        <source>Gradient fed in</source>
        <translation>입력되는 기울기</translation>
    </message>
    <message>
        <location filename="../../ui/panes/graph.py" line="123"/>
        <source>Final check</source>
        <translation>최종 확인</translation>
    </message>
    <message>
        <location filename="../../ui/panes/graph.py" line="151"/>
        <location filename="../../ui/panes/network.py" line="511"/>
        <location filename="../../ui/panes/training.py" line="218"/>
        <source>output</source>
        <translation>출력</translation>
    </message>
    <message>
        <location filename="../../ui/panes/graph.py" line="229"/>
        <source>A graph needs at least one node.</source>
        <translation>그래프에는 노드가 하나 이상 있어야 합니다.</translation>
    </message>
    <message>
        <location filename="../../ui/panes/graph.py" line="234"/>
        <source>Cannot remove &apos;{node}&apos;: {users} use it (remove them first).</source>
        <translation>&apos;{node}&apos;을(를) 삭제할 수 없습니다: {users}이(가) 사용합니다 (먼저 삭제하세요).</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="398"/>
        <source>input ({n})</source>
        <translation>입력 ({n})</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="401"/>
        <source>output ({n}) · {act}</source>
        <translation>출력 ({n}) · {act}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="402"/>
        <source>hidden {l} ({n}) · {act}</source>
        <translation>은닉 {l} ({n}) · {act}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="482"/>
        <source>E = {loss}</source>
        <translation>E = {loss}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="484"/>
        <source>E after the update = {loss}</source>
        <translation>갱신 후 E = {loss}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="485"/>
        <source>E: not computed yet</source>
        <translation>E: 아직 계산되지 않음</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="506"/>
        <source>Layers</source>
        <translation>층</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="511"/>
        <location filename="../../ui/panes/training.py" line="217"/>
        <source>hidden {l}</source>
        <translation>은닉 {l}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="517"/>
        <source>Nodes in this layer</source>
        <translation>이 층의 노드 수</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="530"/>
        <source>Add hidden layer</source>
        <translation>은닉층 추가</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="533"/>
        <source>Remove hidden layer</source>
        <translation>은닉층 삭제</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="538"/>
        <location filename="../../ui/widgets/training_controls.py" line="212"/>
        <source>biases</source>
        <translation>편향</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="544"/>
        <source>Inputs and targets</source>
        <translation>입력과 정답</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="547"/>
        <source>x{i}</source>
        <translation>x{i}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="548"/>
        <source>t{i}</source>
        <translation>t{i}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="551"/>
        <source>Loss and learning</source>
        <translation>손실과 학습</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="556"/>
        <source>squared error ½Σ(y − t)²</source>
        <translation>제곱 오차 ½Σ(y − t)²</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="557"/>
        <source>cross-entropy −Σ t·log y</source>
        <translation>교차 엔트로피 −Σ t·log y</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="559"/>
        <location filename="../../ui/widgets/training_plots.py" line="188"/>
        <source>loss</source>
        <translation>손실</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="560"/>
        <location filename="../../ui/panes/network.py" line="564"/>
        <source>learning rate η</source>
        <translation>학습률 η</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="567"/>
        <source>gradient (∂E/∂w)</source>
        <translation>기울기 (∂E/∂w)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="568"/>
        <source>proportional — intuitive version</source>
        <translation>비례 배분 — 직관적 방법</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="571"/>
        <source>backward view</source>
        <translation>역전파 방식</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="574"/>
        <source>Initial weights</source>
        <translation>가중치 초깃값</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="579"/>
        <source>xavier  √(1/n)</source>
        <translation>xavier  √(1/n)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="580"/>
        <source>he  √(2/n)</source>
        <translation>he  √(2/n)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="581"/>
        <source>std  0.01</source>
        <translation>std  0.01</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="582"/>
        <source>init</source>
        <translation>초깃값</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="583"/>
        <location filename="../../ui/panes/network.py" line="586"/>
        <location filename="../../ui/panes/recurrent.py" line="143"/>
        <location filename="../../ui/widgets/training_controls.py" line="267"/>
        <source>seed</source>
        <translation>시드</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="587"/>
        <source>Draw new weights</source>
        <translation>새 가중치 뽑기</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="589"/>
        <source>Replace every weight with one drawn from init and seed (biases 0)</source>
        <translation>모든 가중치를 초깃값 방식과 시드로 새로 뽑습니다 (편향은 0)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="592"/>
        <source>Click an edge or a node to edit its weight, bias, input or target; or double-click a number in the table.</source>
        <translation>간선이나 노드를 클릭하면 가중치, 편향, 입력, 정답을 편집할 수 있습니다. 표의 숫자를 더블클릭해도 됩니다.</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="603"/>
        <source>{n} values: edit them in the values table</source>
        <translation>값 {n}개: 값 표에서 편집하세요</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="605"/>
        <source>inputs</source>
        <translation>입력</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="605"/>
        <source>targets</source>
        <translation>정답</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="714"/>
        <source>layers: a network needs its input and output layers; there is no hidden layer to remove</source>
        <translation>layers: 신경망에는 입력층과 출력층이 있어야 합니다. 삭제할 은닉층이 없습니다</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="738"/>
        <source>{name}: no W1 in the file: not an MLP&apos;s weights</source>
        <translation>{name}: 파일에 W1이 없습니다. MLP의 가중치가 아닙니다</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="741"/>
        <source>the weight matrices do not chain into one network: {shapes}</source>
        <translation>가중치 행렬들이 하나의 신경망으로 이어지지 않습니다: {shapes}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="766"/>
        <source>weight {w}: {a} → {b}</source>
        <translation>가중치 {w}: {a} → {b}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="778"/>
        <source>bias {b}</source>
        <translation>편향 {b}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="781"/>
        <source>target {t}</source>
        <translation>정답 {t}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="768"/>
        <source>weight</source>
        <translation>가중치</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="775"/>
        <source>input {name}</source>
        <translation>입력 {name}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="784"/>
        <source>node {name}  ({l}:{j})</source>
        <translation>노드 {name}  ({l}:{j})</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="786"/>
        <source>(no bias: turn on biases to edit one)</source>
        <translation>(편향 없음: 편집하려면 편향을 켜세요)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/optimizer.py" line="89"/>
        <source>Surface</source>
        <translation>곡면</translation>
    </message>
    <message>
        <location filename="../../ui/panes/optimizer.py" line="95"/>
        <source>Rosenbrock</source>
        <translation>Rosenbrock</translation>
    </message>
    <message>
        <location filename="../../ui/panes/optimizer.py" line="95"/>
        <source>Beale</source>
        <translation>Beale</translation>
    </message>
    <message>
        <location filename="../../ui/panes/optimizer.py" line="96"/>
        <source>Himmelblau</source>
        <translation>Himmelblau</translation>
    </message>
    <message>
        <location filename="../../ui/panes/optimizer.py" line="96"/>
        <source>Saddle x² − y²</source>
        <translation>안장 x² − y²</translation>
    </message>
    <message>
        <location filename="../../ui/panes/optimizer.py" line="97"/>
        <source>Ill-conditioned bowl (x² + κ·y²)/2</source>
        <translation>조건수가 큰 그릇 (x² + κ·y²)/2</translation>
    </message>
    <message>
        <location filename="../../ui/panes/optimizer.py" line="100"/>
        <source>Your expression</source>
        <translation>직접 입력한 식</translation>
    </message>
    <message>
        <location filename="../../ui/panes/optimizer.py" line="102"/>
        <location filename="../../ui/panes/optimizer.py" line="107"/>
        <source>κ</source>
        <translation>κ</translation>
    </message>
    <message>
        <location filename="../../ui/panes/optimizer.py" line="110"/>
        <source>f(x, y)</source>
        <translation>f(x, y)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/optimizer.py" line="114"/>
        <source>e.g. sin(x) + y^2/4 — then Enter</source>
        <translation>예: sin(x) + y^2/4 — 입력 후 Enter</translation>
    </message>
    <message>
        <location filename="../../ui/panes/optimizer.py" line="116"/>
        <source>Expression</source>
        <translation>식</translation>
    </message>
    <message>
        <location filename="../../ui/panes/optimizer.py" line="128"/>
        <source>start x</source>
        <translation>시작 x</translation>
    </message>
    <message>
        <location filename="../../ui/panes/optimizer.py" line="130"/>
        <source>start y</source>
        <translation>시작 y</translation>
    </message>
    <message>
        <location filename="../../ui/panes/optimizer.py" line="134"/>
        <location filename="../../ui/panes/optimizer.py" line="139"/>
        <source>iterations</source>
        <translation>반복 횟수</translation>
    </message>
    <message>
        <location filename="../../ui/panes/optimizer.py" line="138"/>
        <source>x</source>
        <translation>x</translation>
    </message>
    <message>
        <location filename="../../ui/panes/optimizer.py" line="138"/>
        <source>y</source>
        <translation>y</translation>
    </message>
    <message>
        <location filename="../../ui/panes/optimizer.py" line="142"/>
        <source>Start</source>
        <translation>시작</translation>
    </message>
    <message>
        <location filename="../../ui/panes/optimizer.py" line="149"/>
        <source>arrows −∇f</source>
        <translation>화살표 −∇f</translation>
    </message>
    <message>
        <location filename="../../ui/panes/optimizer.py" line="153"/>
        <source>3-D view</source>
        <translation>3차원 보기</translation>
    </message>
    <message>
        <location filename="../../ui/panes/optimizer.py" line="160"/>
        <source>Formula for</source>
        <translation>수식 표시</translation>
    </message>
    <message>
        <location filename="../../ui/panes/optimizer.py" line="173"/>
        <source>Optimizers (click a name to switch it on or off)</source>
        <translation>옵티마이저 (이름을 클릭해 켜고 끄기)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/optimizer.py" line="178"/>
        <source>f(θ) / status</source>
        <translation>f(θ) / 상태</translation>
    </message>
    <message>
        <location filename="../../ui/panes/optimizer.py" line="264"/>
        <source>Type an expression in x and y, then press Enter.</source>
        <translation>x와 y로 된 식을 입력하고 Enter를 누르세요.</translation>
    </message>
    <message>
        <location filename="../../ui/panes/optimizer.py" line="288"/>
        <source>expression: {reason}</source>
        <translation>expression: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/optimizer.py" line="318"/>
        <source>3-D view needs OpenGL (and the PyOpenGL package); showing the 2-D map.</source>
        <translation>3차원 보기에는 OpenGL(과 PyOpenGL 패키지)이 필요합니다. 2차원 지도를 표시합니다.</translation>
    </message>
    <message>
        <location filename="../../ui/panes/optimizer.py" line="388"/>
        <source>off</source>
        <translation>꺼짐</translation>
    </message>
    <message>
        <location filename="../../ui/panes/optimizer.py" line="394"/>
        <source>diverged at step {k}</source>
        <translation>반복 {k}에서 발산</translation>
    </message>
    <message>
        <location filename="../../ui/panes/optimizer.py" line="428"/>
        <source>iteration</source>
        <translation>반복</translation>
    </message>
    <message>
        <location filename="../../ui/panes/optimizer.py" line="429"/>
        <source>f(θ)</source>
        <translation>f(θ)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/perceptron.py" line="110"/>
        <source>Logic gates (one perceptron)</source>
        <translation>논리 게이트 (퍼셉트론 하나)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/perceptron.py" line="110"/>
        <source>XOR with two layers</source>
        <translation>2층으로 만든 XOR</translation>
    </message>
    <message>
        <location filename="../../ui/panes/perceptron.py" line="111"/>
        <source>Learning a slope y = A·x</source>
        <translation>기울기 학습 y = A·x</translation>
    </message>
    <message>
        <location filename="../../ui/panes/perceptron.py" line="115"/>
        <source>Lesson</source>
        <translation>단원</translation>
    </message>
    <message>
        <location filename="../../ui/panes/perceptron.py" line="121"/>
        <source>Gate</source>
        <translation>게이트</translation>
    </message>
    <message>
        <location filename="../../ui/panes/perceptron.py" line="124"/>
        <source>Weights and learning</source>
        <translation>가중치와 학습</translation>
    </message>
    <message>
        <location filename="../../ui/panes/perceptron.py" line="135"/>
        <source>Textbook weights</source>
        <translation>교재의 가중치</translation>
    </message>
    <message>
        <location filename="../../ui/panes/perceptron.py" line="138"/>
        <source>Zero</source>
        <translation>0으로</translation>
    </message>
    <message>
        <location filename="../../ui/panes/perceptron.py" line="144"/>
        <source>Learn with the perceptron rule</source>
        <translation>퍼셉트론 학습 규칙으로 학습</translation>
    </message>
    <message>
        <location filename="../../ui/panes/perceptron.py" line="148"/>
        <location filename="../../ui/widgets/training_controls.py" line="257"/>
        <source>epochs</source>
        <translation>에폭 수</translation>
    </message>
    <message>
        <location filename="../../ui/panes/perceptron.py" line="152"/>
        <source>Epoch limit</source>
        <translation>에폭 한도</translation>
    </message>
    <message>
        <location filename="../../ui/panes/perceptron.py" line="155"/>
        <source>Slope lesson</source>
        <translation>기울기 단원</translation>
    </message>
    <message>
        <location filename="../../ui/panes/perceptron.py" line="157"/>
        <source>start A</source>
        <translation>시작 A</translation>
    </message>
    <message>
        <location filename="../../ui/panes/perceptron.py" line="161"/>
        <source>Start A</source>
        <translation>시작 A</translation>
    </message>
    <message>
        <location filename="../../ui/panes/perceptron.py" line="164"/>
        <source>Examples as x, t pairs separated by &apos;;&apos;, e.g. 3, 1.1; 1, 2.9</source>
        <translation>예제를 x, t 쌍으로 &apos;;&apos;로 구분해 입력 (예: 3, 1.1; 1, 2.9)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/perceptron.py" line="166"/>
        <source>Examples (x, t)</source>
        <translation>예제 (x, t)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/perceptron.py" line="167"/>
        <source>Moderate with learning rate L</source>
        <translation>학습률 L로 조정</translation>
    </message>
    <message>
        <location filename="../../ui/panes/perceptron.py" line="233"/>
        <source>Learning rate L</source>
        <translation>학습률 L</translation>
    </message>
    <message>
        <location filename="../../ui/panes/perceptron.py" line="233"/>
        <location filename="../../ui/panes/text.py" line="103"/>
        <location filename="../../ui/widgets/training_controls.py" line="237"/>
        <source>Learning rate η</source>
        <translation>학습률 η</translation>
    </message>
    <message>
        <location filename="../../ui/panes/perceptron.py" line="264"/>
        <source>{gate} = {out}({h1}, {h2}): colour = target t (blue 1, orange 0); filled ● y = 1, ■ y = 0 once computed</source>
        <translation>{gate} = {out}({h1}, {h2}): 색 = 정답 t (파랑 1, 주황 0); 계산되면 채워짐 ● y = 1, ■ y = 0</translation>
    </message>
    <message>
        <location filename="../../ui/panes/perceptron.py" line="268"/>
        <source>● examples (x, t); ○ the line&apos;s output y = A·x; dashes: the error E = t − y</source>
        <translation>● 예제 (x, t); ○ 직선의 출력 y = A·x; 점선: 오차 E = t − y</translation>
    </message>
    <message>
        <location filename="../../ui/panes/perceptron.py" line="271"/>
        <source>Colour = target t (blue 1, orange 0); shape = the perceptron&apos;s output (● y = 1, ■ y = 0); shading: blue where the output is 1, orange where 0</source>
        <translation>색 = 정답 t (파랑 1, 주황 0); 모양 = 퍼셉트론의 출력 (● y = 1, ■ y = 0); 배경: 출력이 1인 곳은 파랑, 0인 곳은 주황</translation>
    </message>
    <message>
        <location filename="../../ui/panes/perceptron.py" line="382"/>
        <source>Two layers: hidden neurons h₁, h₂, output y</source>
        <translation>2층: 은닉 뉴런 h₁, h₂, 출력 y</translation>
    </message>
    <message>
        <location filename="../../ui/panes/perceptron.py" line="392"/>
        <source>epoch {n}</source>
        <translation>에폭 {n}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/perceptron.py" line="578"/>
        <source>examples: write x, t pairs separated by &apos;;&apos; (e.g. 3, 1.1; 1, 2.9)</source>
        <translation>examples: x, t 쌍을 &apos;;&apos;로 구분해 쓰세요 (예: 3, 1.1; 1, 2.9)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/pooling.py" line="36"/>
        <source>Max</source>
        <translation>최대</translation>
    </message>
    <message>
        <location filename="../../ui/panes/pooling.py" line="37"/>
        <source>Average</source>
        <translation>평균</translation>
    </message>
    <message>
        <location filename="../../ui/panes/pooling.py" line="39"/>
        <source>Pooling</source>
        <translation>풀링</translation>
    </message>
    <message>
        <location filename="../../ui/panes/pooling.py" line="40"/>
        <source>Window</source>
        <translation>윈도 크기</translation>
    </message>
    <message>
        <location filename="../../ui/panes/pooling.py" line="47"/>
        <source>Click an input cell or a ∂L/∂y cell to edit it.</source>
        <translation>입력 칸이나 ∂L/∂y 칸을 클릭하면 편집할 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../ui/panes/pooling.py" line="51"/>
        <source>Rows of numbers; one grid per channel, apart by a blank line.</source>
        <translation>숫자를 행마다 한 줄씩 쓰고, 채널마다 격자 하나씩 빈 줄로 나눕니다.</translation>
    </message>
    <message>
        <location filename="../../ui/panes/pooling.py" line="81"/>
        <source>Upstream gradient ∂L/∂y, channel {c}, row {r}, column {col}</source>
        <translation>상류 기울기 ∂L/∂y, 채널 {c}, {r}행, {col}열</translation>
    </message>
    <message>
        <location filename="../../ui/panes/pooling.py" line="83"/>
        <source>Padding cells and computed cells cannot be edited.</source>
        <translation>패딩 칸과 계산된 칸은 편집할 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../ui/panes/pooling.py" line="97"/>
        <source>y, channel {c}</source>
        <translation>y, 채널 {c}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/recurrent.py" line="108"/>
        <source>time step t</source>
        <translation>타임스텝 t</translation>
    </message>
    <message>
        <location filename="../../ui/panes/recurrent.py" line="108"/>
        <source>‖∂L/∂hₜ‖</source>
        <translation>‖∂L/∂hₜ‖</translation>
    </message>
    <message>
        <location filename="../../ui/panes/recurrent.py" line="122"/>
        <source>RNN (tanh)</source>
        <translation>RNN (tanh)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/recurrent.py" line="123"/>
        <source>RNN (ReLU)</source>
        <translation>RNN (ReLU)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/recurrent.py" line="126"/>
        <source>Cell</source>
        <translation>셀</translation>
    </message>
    <message>
        <location filename="../../ui/panes/recurrent.py" line="129"/>
        <source>Numbers: 1, 0.5, −1 — vectors: 1 0; 0 1</source>
        <translation>숫자: 1, 0.5, −1 — 벡터: 1 0; 0 1</translation>
    </message>
    <message>
        <location filename="../../ui/panes/recurrent.py" line="131"/>
        <source>Sequence</source>
        <translation>시퀀스</translation>
    </message>
    <message>
        <location filename="../../ui/panes/recurrent.py" line="134"/>
        <source>or a short text (one-hot characters)</source>
        <translation>또는 짧은 텍스트 (문자를 원-핫으로)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/recurrent.py" line="136"/>
        <source>Text</source>
        <translation>텍스트</translation>
    </message>
    <message>
        <location filename="../../ui/panes/recurrent.py" line="137"/>
        <source>input size</source>
        <translation>입력 크기</translation>
    </message>
    <message>
        <location filename="../../ui/panes/recurrent.py" line="140"/>
        <source>hidden size</source>
        <translation>은닉 크기</translation>
    </message>
    <message>
        <location filename="../../ui/panes/recurrent.py" line="148"/>
        <source>Input size</source>
        <translation>입력 크기</translation>
    </message>
    <message>
        <location filename="../../ui/panes/recurrent.py" line="149"/>
        <source>Hidden size</source>
        <translation>은닉 크기</translation>
    </message>
    <message>
        <location filename="../../ui/panes/recurrent.py" line="251"/>
        <source>Gradient through time, L = Σⱼ ({h})ⱼ: {names}</source>
        <translation>시간 방향 기울기, L = Σⱼ ({h})ⱼ: {names}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/recurrent.py" line="419"/>
        <source>PyTorch state dict (*.pt *.pth *.npz *.json)</source>
        <translation>PyTorch state dict (*.pt *.pth *.npz *.json)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="205"/>
        <source>Train further</source>
        <translation>더 학습하기</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="205"/>
        <source>Train more</source>
        <translation>더 학습</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="209"/>
        <source>Continue from where the timeline ends, in the background</source>
        <translation>타임라인이 끝나는 지점부터 백그라운드에서 이어서 학습합니다</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="201"/>
        <source>New weights</source>
        <translation>새 가중치</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="203"/>
        <source>Start again from weights drawn from the seed</source>
        <translation>시드로 뽑은 가중치에서 다시 시작합니다</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="241"/>
        <source>ring</source>
        <translation>고리</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="241"/>
        <source>line</source>
        <translation>직선</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="241"/>
        <source>8 Gaussians</source>
        <translation>가우시안 8개</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="242"/>
        <source>two moons</source>
        <translation>두 개의 반달</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="243"/>
        <source>non-saturating: −log D(G(z))</source>
        <translation>비포화: −log D(G(z))</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="244"/>
        <source>standard: log(1 − D(G(z)))</source>
        <translation>표준: log(1 − D(G(z)))</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="245"/>
        <source>both</source>
        <translation>둘 다</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="246"/>
        <source>discriminator only</source>
        <translation>판별자만</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="247"/>
        <source>generator only</source>
        <translation>생성자만</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="254"/>
        <source>Real data</source>
        <translation>실제 데이터</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="254"/>
        <source>Generator loss</source>
        <translation>생성자 손실</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="255"/>
        <source>Who learns</source>
        <translation>학습하는 쪽</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="255"/>
        <source>D updates per G update (k)</source>
        <translation>G 갱신당 D 갱신 횟수 (k)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="256"/>
        <source>Learning rate of G</source>
        <translation>G의 학습률</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="256"/>
        <source>Learning rate of D</source>
        <translation>D의 학습률</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="257"/>
        <source>Iterations</source>
        <translation>반복 횟수</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="257"/>
        <source>Data noise</source>
        <translation>데이터 노이즈</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="684"/>
        <source>Trained in {s} s; the timeline continues from there</source>
        <translation>{s}초 동안 학습함. 타임라인은 거기서부터 이어집니다</translation>
    </message>
    <message>
        <location filename="../../ui/panes/attention.py" line="80"/>
        <source>Input tokens</source>
        <translation>입력 토큰</translation>
    </message>
    <message>
        <location filename="../../ui/panes/attention.py" line="81"/>
        <source>Heads</source>
        <translation>헤드 수</translation>
    </message>
    <message>
        <location filename="../../ui/panes/attention.py" line="81"/>
        <source>dₖ (key size)</source>
        <translation>dₖ (키 크기)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/attention.py" line="83"/>
        <source>Causal mask (look back only)</source>
        <translation>인과 마스크 (앞쪽만 보기)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/attention.py" line="84"/>
        <source>Positional encoding</source>
        <translation>위치 인코딩</translation>
    </message>
    <message>
        <location filename="../../ui/panes/attention.py" line="85"/>
        <source>Join the heads with WO</source>
        <translation>헤드를 WO로 결합</translation>
    </message>
    <message>
        <location filename="../../ui/panes/attention.py" line="86"/>
        <source>Backward pass (L = Σ y)</source>
        <translation>역전파 (L = Σ y)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/attention.py" line="94"/>
        <source>every entry</source>
        <translation>원소마다</translation>
    </message>
    <message>
        <location filename="../../ui/panes/attention.py" line="95"/>
        <source>row by row</source>
        <translation>행마다</translation>
    </message>
    <message>
        <location filename="../../ui/panes/attention.py" line="97"/>
        <source>Steps</source>
        <translation>단계</translation>
    </message>
    <message>
        <location filename="../../ui/panes/attention.py" line="99"/>
        <source>Click an embedding (X) or a weight cell to edit it.</source>
        <translation>임베딩(X)이나 가중치 칸을 클릭해 편집하세요.</translation>
    </message>
    <message>
        <location filename="../../ui/panes/attention.py" line="101"/>
        <source>Rows of numbers, one row per line.</source>
        <translation>숫자 행, 한 줄에 한 행.</translation>
    </message>
    <message>
        <location filename="../../ui/panes/attention.py" line="112"/>
        <location filename="../../ui/panes/cnn.py" line="284"/>
        <source>Train from scratch</source>
        <translation>처음부터 학습</translation>
    </message>
    <message>
        <location filename="../../ui/panes/attention.py" line="119"/>
        <location filename="../../ui/panes/generative.py" line="258"/>
        <location filename="../../ui/panes/generative.py" line="293"/>
        <location filename="../../ui/panes/recurrent.py" line="150"/>
        <location filename="../../ui/panes/text.py" line="104"/>
        <location filename="../../ui/widgets/training_controls.py" line="268"/>
        <source>Seed</source>
        <translation>시드</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="272"/>
        <source>β: the weight of the KL term (0 = a plain auto-encoder)</source>
        <translation>β: KL 항의 가중치 (0이면 보통의 오토인코더)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="279"/>
        <source>binary cross-entropy</source>
        <translation>이진 교차 엔트로피</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="290"/>
        <source>β (KL weight)</source>
        <translation>β (KL 가중치)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="290"/>
        <source>Reconstruction</source>
        <translation>재구성</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="291"/>
        <source>Pick a digit</source>
        <translation>숫자 고르기</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="291"/>
        <source>Test digit #</source>
        <translation>테스트 숫자 번호</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="292"/>
        <source>Learning rate</source>
        <translation>학습률</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="324"/>
        <source>Train {n} more iterations</source>
        <translation>{n}회 더 반복 학습</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="325"/>
        <source>Train {n} more epochs</source>
        <translation>{n}에폭 더 학습</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="328"/>
        <source>Click a fake point (○) to step through its numbers; Shift+click adds a real point.</source>
        <translation>가짜 점(○)을 클릭하면 그 점의 계산을 단계별로 봅니다. Shift+클릭은 실제 점을 추가합니다.</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="330"/>
        <source>Click the latent plane or the grid to decode that point.</source>
        <translation>잠재 평면이나 격자를 클릭하면 그 점을 디코딩합니다.</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="386"/>
        <source>D(x): &lt;span style=&apos;color:{p}&apos;&gt;● real&lt;/span&gt; · &lt;span style=&apos;color:{n}&apos;&gt;○ fake G(z)&lt;/span&gt; · arrows −∂ℓᴳ/∂G(z)</source>
        <translation>D(x): &lt;span style=&apos;color:{p}&apos;&gt;● 실제&lt;/span&gt; · &lt;span style=&apos;color:{n}&apos;&gt;○ 가짜 G(z)&lt;/span&gt; · 화살표 −∂ℓᴳ/∂G(z)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="389"/>
        <source>&lt;span style=&apos;color:{p}&apos;&gt;Lᴰ&lt;/span&gt; and &lt;span style=&apos;color:{n}&apos;&gt;Lᴳ&lt;/span&gt; per iteration</source>
        <translation>반복별 &lt;span style=&apos;color:{p}&apos;&gt;Lᴰ&lt;/span&gt;와 &lt;span style=&apos;color:{n}&apos;&gt;Lᴳ&lt;/span&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="415"/>
        <source>Latent μ of the test digits</source>
        <translation>테스트 숫자의 잠재 μ</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="416"/>
        <source>Decoded latent grid</source>
        <translation>디코딩된 잠재 격자</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="418"/>
        <source>&lt;span style=&apos;color:{a}&apos;&gt;recon.&lt;/span&gt; · &lt;span style=&apos;color:{b}&apos;&gt;KL&lt;/span&gt; · &lt;span style=&apos;color:{c}&apos;&gt;test −ELBO&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:{a}&apos;&gt;재구성&lt;/span&gt; · &lt;span style=&apos;color:{b}&apos;&gt;KL&lt;/span&gt; · &lt;span style=&apos;color:{c}&apos;&gt;테스트 −ELBO&lt;/span&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="537"/>
        <source>No fake point there: click on a hollow circle</source>
        <translation>그곳에는 가짜 점이 없습니다. 속이 빈 원을 클릭하세요</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="674"/>
        <source>{where}: loss {loss}</source>
        <translation>{where}: 손실 {loss}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="680"/>
        <source>Cancelled; weights unchanged</source>
        <translation>취소됨. 가중치는 그대로입니다</translation>
    </message>
    <message>
        <location filename="../../ui/panes/attention.py" line="146"/>
        <source>Tokens from: {vocab}</source>
        <translation>사용할 수 있는 토큰: {vocab}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/attention.py" line="148"/>
        <source>d = {d}, dₖ = {dk}, heads: {h}, layers: {l}</source>
        <translation>d = {d}, dₖ = {dk}, 헤드: {h}, 층: {l}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/attention.py" line="209"/>
        <source>Embedding of &apos;{tok}&apos;, component {c}</source>
        <translation>&apos;{tok}&apos;의 임베딩, 성분 {c}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/attention.py" line="214"/>
        <source>{w}, row {r}, column {c}</source>
        <translation>{w}, {r}행, {c}열</translation>
    </message>
    <message>
        <location filename="../../ui/panes/attention.py" line="217"/>
        <source>Computed cells cannot be edited: edit the embeddings or the weights.</source>
        <translation>계산된 칸은 편집할 수 없습니다: 임베딩이나 가중치를 편집하세요.</translation>
    </message>
    <message>
        <location filename="../../ui/panes/attention.py" line="267"/>
        <source>step {step}, loss {loss}</source>
        <translation>단계 {step}, 손실 {loss}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/attention.py" line="280"/>
        <source>Cancelled: the weights are unchanged.</source>
        <translation>취소됨: 가중치는 바뀌지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../../ui/panes/attention.py" line="282"/>
        <source>{steps} steps, loss {loss}: {acc} of held-out inputs sorted</source>
        <translation>{steps}단계, 손실 {loss}: 검증 입력의 {acc}를 정렬</translation>
    </message>
    <message>
        <location filename="../../ui/panes/attention.py" line="443"/>
        <source>logits z</source>
        <translation>로짓 z</translation>
    </message>
    <message>
        <location filename="../../ui/panes/attention.py" line="360"/>
        <location filename="../../ui/panes/attention.py" line="361"/>
        <source>head {h}</source>
        <translation>헤드 {h}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/attention.py" line="360"/>
        <location filename="../../ui/panes/attention.py" line="361"/>
        <source>query ← key</source>
        <translation>쿼리 ← 키</translation>
    </message>
    <message>
        <location filename="../../ui/panes/recurrent.py" line="155"/>
        <source>Weights (PyTorch layout)</source>
        <translation>가중치 (PyTorch 형식)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/recurrent.py" line="166"/>
        <source>Apply typed</source>
        <translation>입력값 적용</translation>
    </message>
    <message>
        <location filename="../../ui/panes/recurrent.py" line="167"/>
        <source>Load…</source>
        <translation>불러오기…</translation>
    </message>
    <message>
        <location filename="../../ui/panes/recurrent.py" line="168"/>
        <source>Random</source>
        <translation>무작위</translation>
    </message>
    <message>
        <location filename="../../ui/panes/recurrent.py" line="177"/>
        <source>Task: next value of a sine wave</source>
        <translation>과제: 사인파의 다음 값 예측</translation>
    </message>
    <message>
        <location filename="../../ui/panes/recurrent.py" line="177"/>
        <location filename="../../ui/panes/series.py" line="113"/>
        <source>Train (Adam)</source>
        <translation>학습 (Adam)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/attention.py" line="115"/>
        <location filename="../../ui/widgets/training_controls.py" line="112"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../ui/panes/recurrent.py" line="196"/>
        <source>drawn from seed {seed} (torch&apos;s init)</source>
        <translation>시드 {seed}에서 뽑음 (torch의 초기화)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/recurrent.py" line="197"/>
        <source>typed or loaded</source>
        <translation>직접 입력하거나 불러옴</translation>
    </message>
    <message>
        <location filename="../../ui/panes/recurrent.py" line="201"/>
        <source>The sine task needs input size 1 and a numeric sequence</source>
        <translation>사인파 과제에는 입력 크기 1과 숫자 시퀀스가 필요합니다</translation>
    </message>
    <message>
        <location filename="../../ui/panes/recurrent.py" line="223"/>
        <source>t={t}</source>
        <translation>t={t}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/recurrent.py" line="244"/>
        <source>{cell}: gates and states over time</source>
        <translation>{cell}: 시간에 따른 게이트와 상태</translation>
    </message>
    <message>
        <location filename="../../ui/panes/recurrent.py" line="418"/>
        <source>Load weights</source>
        <translation>가중치 불러오기</translation>
    </message>
    <message>
        <location filename="../../ui/panes/recurrent.py" line="430"/>
        <source>Loaded weights from {name}</source>
        <translation>{name}에서 가중치를 불러왔습니다</translation>
    </message>
    <message>
        <location filename="../../ui/panes/cnn.py" line="381"/>
        <source>Training…</source>
        <translation>학습 중…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="107"/>
        <location filename="../../ui/widgets/training_controls.py" line="109"/>
        <source>Train</source>
        <translation>학습</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="110"/>
        <source>Pause</source>
        <translation>일시 정지</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="111"/>
        <source>Resume</source>
        <translation>재개</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="113"/>
        <source>Reset</source>
        <translation>재설정</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="114"/>
        <source>Export weights…</source>
        <translation>가중치 내보내기…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="115"/>
        <source>Import weights…</source>
        <translation>가중치 가져오기…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="116"/>
        <source>One epoch</source>
        <translation>한 에폭</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="117"/>
        <source>Paused: train one more epoch, then pause again</source>
        <translation>일시 정지 중: 에폭 하나를 더 학습하고 다시 멈춥니다</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="122"/>
        <source>{n} epochs/s</source>
        <translation>초당 {n} 에폭</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="123"/>
        <source>as fast as possible</source>
        <translation>최대한 빠르게</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="139"/>
        <source>Speed</source>
        <translation>속도</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="144"/>
        <source>Data</source>
        <translation>데이터</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="147"/>
        <source>seed data set (10 points)</source>
        <translation>기본 데이터셋 (점 10개)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="147"/>
        <source>circles</source>
        <translation>동심원</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="148"/>
        <source>moons</source>
        <translation>반달</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="148"/>
        <source>spirals</source>
        <translation>나선</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="149"/>
        <source>blobs</source>
        <translation>덩어리</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="149"/>
        <source>XOR with noise</source>
        <translation>잡음 섞인 XOR</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="150"/>
        <source>Playground: circle</source>
        <translation>Playground: 원</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="151"/>
        <source>Playground: exclusive or</source>
        <translation>Playground: 배타적 논리합(XOR)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="152"/>
        <source>Playground: Gaussian</source>
        <translation>Playground: 가우스 분포</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="153"/>
        <source>Playground: spiral</source>
        <translation>Playground: 나선</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="154"/>
        <source>8×8 digits</source>
        <translation>8×8 숫자 이미지</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="242"/>
        <location filename="../../ui/widgets/training_controls.py" line="154"/>
        <source>my points</source>
        <translation>직접 찍은 점</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="155"/>
        <source>CSV file</source>
        <translation>CSV 파일</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="155"/>
        <source>MNIST (IDX files)</source>
        <translation>MNIST (IDX 파일)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="157"/>
        <source>Data set</source>
        <translation>데이터셋</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="159"/>
        <source>noise</source>
        <translation>잡음</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="160"/>
        <source>data seed</source>
        <translation>데이터 시드</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="161"/>
        <source>Samples</source>
        <translation>샘플 수</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="162"/>
        <source>Noise</source>
        <translation>잡음</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="163"/>
        <source>Data seed</source>
        <translation>데이터 시드</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="164"/>
        <source>CSV file…</source>
        <translation>CSV 파일…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="165"/>
        <source>label column</source>
        <translation>레이블 열</translation>
    </message>
    <message>
        <location filename="../../ui/panes/cnn.py" line="219"/>
        <location filename="../../ui/widgets/training_controls.py" line="167"/>
        <source>MNIST files…</source>
        <translation>MNIST 파일…</translation>
    </message>
    <message>
        <location filename="../../ui/panes/cnn.py" line="236"/>
        <location filename="../../ui/widgets/training_controls.py" line="168"/>
        <source>MNIST samples</source>
        <translation>MNIST 샘플 수</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="170"/>
        <source>min–max</source>
        <translation>최소–최대</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="171"/>
        <source>z-score</source>
        <translation>z-점수</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="172"/>
        <source>Normalise</source>
        <translation>정규화</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="173"/>
        <source>test fraction</source>
        <translation>테스트 비율</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="174"/>
        <source>Test fraction</source>
        <translation>테스트 비율</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="178"/>
        <source>folds</source>
        <translation>폴드 수</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="179"/>
        <source>Run k-fold</source>
        <translation>교차 검증</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="182"/>
        <source>k folds</source>
        <translation>폴드 수 k</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="186"/>
        <source>class {c}</source>
        <translation>클래스 {c}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="187"/>
        <source>Click adds</source>
        <translation>클릭하면 추가</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="188"/>
        <source>Click the plot to add a point; Shift+click or Shift+drag erases.</source>
        <translation>그래프를 클릭하면 점이 추가되고, Shift+클릭하거나 Shift+드래그하면 지워집니다.</translation>
    </message>
    <message>
        <location filename="../../ui/panes/cnn.py" line="209"/>
        <location filename="../../ui/panes/training.py" line="121"/>
        <location filename="../../ui/widgets/training_controls.py" line="194"/>
        <source>Network</source>
        <translation>신경망</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="198"/>
        <source>hidden layer sizes, e.g. 4 or 32, 16 (empty: no hidden layer)</source>
        <translation>은닉층 크기 (예: 4 또는 32, 16; 비우면 은닉층 없음)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="200"/>
        <source>Hidden layers</source>
        <translation>은닉층</translation>
    </message>
    <message>
        <location filename="../../ui/panes/generative.py" line="279"/>
        <location filename="../../ui/widgets/training_controls.py" line="204"/>
        <source>squared error</source>
        <translation>제곱 오차</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="205"/>
        <source>cross-entropy</source>
        <translation>교차 엔트로피</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="206"/>
        <location filename="../../ui/widgets/training_plots.py" line="334"/>
        <source>std 0.01</source>
        <translation>std 0.01</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="207"/>
        <source>Activation</source>
        <translation>활성화 함수</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="208"/>
        <source>Output</source>
        <translation>출력</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="209"/>
        <source>Loss</source>
        <translation>손실 함수</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="210"/>
        <source>Init</source>
        <translation>초깃값</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="211"/>
        <source>one output unit for two classes</source>
        <translation>두 클래스에 출력 유닛 하나</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="213"/>
        <source>batch normalisation</source>
        <translation>배치 정규화</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="217"/>
        <source>dropout</source>
        <translation>드롭아웃</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="218"/>
        <source>weight decay</source>
        <translation>가중치 감소</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="220"/>
        <source>Dropout</source>
        <translation>드롭아웃</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="226"/>
        <source>Weight decay</source>
        <translation>가중치 감소</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="230"/>
        <location filename="../../ui/widgets/training_controls.py" line="235"/>
        <source>Optimizer</source>
        <translation>옵티마이저</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="236"/>
        <source>learning rate</source>
        <translation>학습률</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="245"/>
        <source>Momentum μ</source>
        <translation>모멘텀 μ</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="245"/>
        <source>Decay α</source>
        <translation>감쇠율 α</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="246"/>
        <source>ε (0: default)</source>
        <translation>ε (0: 기본값)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="255"/>
        <source>Schedule</source>
        <translation>학습 진행</translation>
    </message>
    <message>
        <location filename="../../ui/panes/cnn.py" line="282"/>
        <location filename="../../ui/panes/generative.py" line="292"/>
        <location filename="../../ui/panes/text.py" line="103"/>
        <location filename="../../ui/widgets/training_controls.py" line="258"/>
        <source>Epochs</source>
        <translation>에폭 수</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="259"/>
        <source>batch (all samples)</source>
        <translation>배치 (모든 샘플)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="260"/>
        <source>mini-batch</source>
        <translation>미니배치</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="261"/>
        <source>stochastic (one sample)</source>
        <translation>확률적 (샘플 하나)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="262"/>
        <source>Updates</source>
        <translation>갱신 방식</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="263"/>
        <source>batch size</source>
        <translation>배치 크기</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="264"/>
        <source>Batch size</source>
        <translation>배치 크기</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="265"/>
        <source>shuffle every epoch</source>
        <translation>에폭마다 섞기</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="269"/>
        <source>target loss</source>
        <translation>목표 손실</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="270"/>
        <source>target accuracy</source>
        <translation>목표 정확도</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="271"/>
        <source>Stop at loss ≤ (0: off)</source>
        <translation>정지 손실 ≤ (0: 끔)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="272"/>
        <source>Stop at accuracy ≥ (0: off)</source>
        <translation>정지 정확도 ≥ (0: 끔)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_controls.py" line="280"/>
        <source>hidden: &apos;{text}&apos; is not a list of whole numbers</source>
        <translation>hidden: &apos;{text}&apos;은(는) 정수 목록이 아닙니다</translation>
    </message>
    <message>
        <location filename="../../ui/panes/training.py" line="321"/>
        <source>Test images, {where}: prediction under each; wrong ones framed (predicted ≠ true)</source>
        <translation>테스트 이미지, {where}: 각 이미지 아래에 예측; 틀린 것은 테두리 표시 (예측 ≠ 실제)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_plots.py" line="335"/>
        <source>layer {l}</source>
        <translation>{l}층</translation>
    </message>
    <message>
        <location filename="../../ui/panes/training.py" line="314"/>
        <source>live run, epoch {e}</source>
        <translation>학습 중, 에폭 {e}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_plots.py" line="272"/>
        <source>weights W</source>
        <translation>가중치 W</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_plots.py" line="272"/>
        <source>outputs h</source>
        <translation>출력 h</translation>
    </message>
    <message>
        <location filename="../../ui/panes/training.py" line="315"/>
        <source>before training</source>
        <translation>학습 전</translation>
    </message>
    <message>
        <location filename="../../ui/panes/training.py" line="315"/>
        <source>after epoch {e}</source>
        <translation>에폭 {e} 후</translation>
    </message>
    <message>
        <location filename="../../ui/panes/training.py" line="318"/>
        <source>Hidden node {l}.{j} output ({where}) — click it again for the boundary</source>
        <translation>은닉 노드 {l}.{j}의 출력 ({where}) — 다시 클릭하면 결정 경계</translation>
    </message>
    <message>
        <location filename="../../ui/panes/training.py" line="323"/>
        <source>Decision boundary ({where}) — filled: training points, hollow: test points</source>
        <translation>결정 경계 ({where}) — 채운 점: 훈련 데이터, 빈 점: 테스트 데이터</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_plots.py" line="188"/>
        <source>accuracy</source>
        <translation>정확도</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_plots.py" line="266"/>
        <source>accuracy per fold (press Run k-fold)</source>
        <translation>폴드별 정확도 (&apos;교차 검증&apos;을 누르세요)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/cnn.py" line="240"/>
        <location filename="../../ui/widgets/training_plots.py" line="301"/>
        <source>predicted</source>
        <translation>예측</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_plots.py" line="302"/>
        <source>true class</source>
        <translation>실제 클래스</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_plots.py" line="332"/>
        <source>no hidden layer</source>
        <translation>은닉층 없음</translation>
    </message>
    <message>
        <location filename="../../ui/panes/training.py" line="461"/>
        <location filename="../../ui/panes/training.py" line="494"/>
        <source>training…</source>
        <translation>학습 중…</translation>
    </message>
    <message>
        <location filename="../../ui/panes/training.py" line="475"/>
        <source>cross-validating ({k} folds)…</source>
        <translation>교차 검증 중 ({k}겹)…</translation>
    </message>
    <message>
        <location filename="../../ui/panes/training.py" line="488"/>
        <location filename="../../ui/panes/training.py" line="567"/>
        <source>paused at epoch {e}</source>
        <translation>에폭 {e}에서 일시 정지</translation>
    </message>
    <message>
        <location filename="../../ui/panes/training.py" line="505"/>
        <source>Training speed: {s}</source>
        <translation>학습 속도: {s}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/training.py" line="564"/>
        <source>, test accuracy {a}</source>
        <translation>, 테스트 정확도 {a}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/training.py" line="569"/>
        <source>epoch {e}: loss {l}, accuracy {a}{t}</source>
        <translation>에폭 {e}: 손실 {l}, 정확도 {a}{t}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/training.py" line="612"/>
        <source>{n} epochs in {s} s: loss {l}, accuracy {a}</source>
        <translation>{n} 에폭, {s}초: 손실 {l}, 정확도 {a}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/training.py" line="614"/>
        <source>no epoch finished</source>
        <translation>끝난 에폭 없음</translation>
    </message>
    <message>
        <location filename="../../ui/panes/training.py" line="623"/>
        <source>Training: {text}</source>
        <translation>학습: {text}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/training.py" line="640"/>
        <source>accuracy per fold: {list}; mean {mean}</source>
        <translation>폴드별 정확도: {list}; 평균 {mean}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/training.py" line="660"/>
        <source>reset to the initial weights (seed {s})</source>
        <translation>초기 가중치로 되돌림 (시드 {s})</translation>
    </message>
    <message>
        <location filename="../../ui/panes/training.py" line="748"/>
        <source>Weights written to {path}</source>
        <translation>가중치를 {path}에 저장했습니다</translation>
    </message>
    <message>
        <location filename="../../ui/panes/training.py" line="756"/>
        <source>{path}: no weights W1, W2, …</source>
        <translation>{path}: 가중치 W1, W2, …가 없습니다</translation>
    </message>
    <message>
        <location filename="../../ui/panes/training.py" line="773"/>
        <source>Weights imported from {path}</source>
        <translation>{path}에서 가중치를 가져왔습니다</translation>
    </message>
    <message>
        <location filename="../../ui/panes/training.py" line="776"/>
        <source>ONNX in float64 (*.onnx)</source>
        <translation>ONNX, float64 (*.onnx)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/training.py" line="777"/>
        <source>Export weights</source>
        <translation>가중치 내보내기</translation>
    </message>
    <message>
        <location filename="../../ui/panes/training.py" line="782"/>
        <source>Weights (*.npz *.json *.pkl *.pt *.pth)</source>
        <translation>가중치 (*.npz *.json *.pkl *.pt *.pth)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/training.py" line="776"/>
        <source>Weights (*.npz *.json *.onnx)</source>
        <translation>가중치 (*.npz *.json *.onnx)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/training.py" line="121"/>
        <source>Data and curves</source>
        <translation>데이터와 곡선</translation>
    </message>
    <message>
        <location filename="../../ui/panes/training.py" line="121"/>
        <source>Histograms and more</source>
        <translation>히스토그램 외</translation>
    </message>
    <message>
        <location filename="../../ui/panes/training.py" line="782"/>
        <source>Import weights</source>
        <translation>가중치 가져오기</translation>
    </message>
    <message>
        <location filename="../../ui/panes/training.py" line="787"/>
        <source>CSV data</source>
        <translation>CSV 데이터</translation>
    </message>
    <message>
        <location filename="../../ui/panes/training.py" line="787"/>
        <source>CSV (*.csv *.txt)</source>
        <translation>CSV (*.csv *.txt)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/series.py" line="78"/>
        <source>Airline passengers 1949–1960</source>
        <translation>항공 승객 수 1949–1960</translation>
    </message>
    <message>
        <location filename="../../ui/panes/series.py" line="79"/>
        <source>Generated: trend + season + noise</source>
        <translation>생성: 추세 + 계절성 + 잡음</translation>
    </message>
    <message>
        <location filename="../../ui/panes/series.py" line="80"/>
        <source>A CSV column</source>
        <translation>CSV 열</translation>
    </message>
    <message>
        <location filename="../../ui/panes/series.py" line="83"/>
        <source>Series</source>
        <translation>시계열</translation>
    </message>
    <message>
        <location filename="../../ui/panes/series.py" line="86"/>
        <source>column</source>
        <translation>열</translation>
    </message>
    <message>
        <location filename="../../ui/panes/series.py" line="87"/>
        <source>Load CSV…</source>
        <translation>CSV 열기…</translation>
    </message>
    <message>
        <location filename="../../ui/panes/series.py" line="92"/>
        <source>p, d, q</source>
        <translation>p, d, q</translation>
    </message>
    <message>
        <location filename="../../ui/panes/series.py" line="93"/>
        <source>Held-out tail, seed</source>
        <translation>남겨 둘 끝부분, 시드</translation>
    </message>
    <message>
        <location filename="../../ui/panes/series.py" line="94"/>
        <source>LSTM window, size</source>
        <translation>LSTM 윈도, 크기</translation>
    </message>
    <message>
        <location filename="../../ui/panes/series.py" line="106"/>
        <source>An LSTM beside ARIMA</source>
        <translation>ARIMA와 나란히 LSTM</translation>
    </message>
    <message>
        <location filename="../../ui/panes/series.py" line="113"/>
        <source>LSTM on the same windows</source>
        <translation>같은 윈도로 학습하는 LSTM</translation>
    </message>
    <message>
        <location filename="../../ui/panes/series.py" line="139"/>
        <source>Load a CSV column</source>
        <translation>CSV 열 불러오기</translation>
    </message>
    <message>
        <location filename="../../ui/panes/series.py" line="139"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 파일 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/series.py" line="153"/>
        <source>Loaded {n} values from {name}</source>
        <translation>{name}에서 값 {n}개를 불러왔습니다</translation>
    </message>
    <message>
        <location filename="../../ui/panes/series.py" line="191"/>
        <source>series</source>
        <translation>시계열</translation>
    </message>
    <message>
        <location filename="../../ui/panes/series.py" line="191"/>
        <source>held out</source>
        <translation>남겨 둠</translation>
    </message>
    <message>
        <location filename="../../ui/panes/series.py" line="226"/>
        <source>no differences yet</source>
        <translation>아직 차분 없음</translation>
    </message>
    <message>
        <location filename="../../ui/panes/text.py" line="73"/>
        <source>Tokens → vectors</source>
        <translation>토큰 → 벡터</translation>
    </message>
    <message>
        <location filename="../../ui/panes/text.py" line="73"/>
        <source>Train a 2-D embedding</source>
        <translation>2차원 임베딩 학습</translation>
    </message>
    <message>
        <location filename="../../ui/panes/text.py" line="74"/>
        <source>Two-input model</source>
        <translation>입력이 둘인 모델</translation>
    </message>
    <message>
        <location filename="../../ui/panes/text.py" line="77"/>
        <source>Mode</source>
        <translation>모드</translation>
    </message>
    <message>
        <location filename="../../ui/panes/text.py" line="79"/>
        <source>Sentences (one per line)</source>
        <translation>문장 (한 줄에 하나)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/text.py" line="86"/>
        <source>Questions (one per sentence)</source>
        <translation>질문 (문장마다 하나)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/text.py" line="93"/>
        <source>Apply the text</source>
        <translation>텍스트 적용</translation>
    </message>
    <message>
        <location filename="../../ui/panes/text.py" line="100"/>
        <source>Sequence length</source>
        <translation>시퀀스 길이</translation>
    </message>
    <message>
        <location filename="../../ui/panes/text.py" line="101"/>
        <source>Embedding size</source>
        <translation>임베딩 크기</translation>
    </message>
    <message>
        <location filename="../../ui/panes/text.py" line="102"/>
        <source>LSTM size</source>
        <translation>LSTM 크기</translation>
    </message>
    <message>
        <location filename="../../ui/panes/text.py" line="102"/>
        <source>Classes</source>
        <translation>클래스 수</translation>
    </message>
    <message>
        <location filename="../../ui/panes/text.py" line="202"/>
        <source>ids ({s} × {l})</source>
        <translation>id ({s} × {l})</translation>
    </message>
    <message>
        <location filename="../../ui/panes/text.py" line="371"/>
        <source>embedding dimension 1</source>
        <translation>임베딩 차원 1</translation>
    </message>
    <message>
        <location filename="../../ui/panes/text.py" line="372"/>
        <source>embedding dimension 2</source>
        <translation>임베딩 차원 2</translation>
    </message>
    <message>
        <location filename="../../ui/panes/text.py" line="358"/>
        <source>Epoch {e}: loss {loss}, accuracy {acc}</source>
        <translation>에폭 {e}: 손실 {loss}, 정확도 {acc}</translation>
    </message>
    <message>
        <location filename="../../ui/mnist_dialog.py" line="14"/>
        <source>IDX (*.idx *ubyte *.gz)</source>
        <translation>IDX (*.idx *ubyte *.gz)</translation>
    </message>
    <message>
        <location filename="../../ui/mnist_dialog.py" line="15"/>
        <source>MNIST images (IDX)</source>
        <translation>MNIST 이미지 (IDX)</translation>
    </message>
    <message>
        <location filename="../../ui/mnist_dialog.py" line="18"/>
        <source>MNIST labels (IDX)</source>
        <translation>MNIST 레이블 (IDX)</translation>
    </message>
</context>
<context>
    <name>TrainBox</name>
    <message>
        <location filename="../../ui/widgets/train_box.py" line="23"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
</context>
<context>
    <name>TrainingPane</name>
    <message>
        <location filename="../../ui/widgets/training_plots.py" line="174"/>
        <source>train</source>
        <translation>훈련</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_plots.py" line="175"/>
        <source>test</source>
        <translation>테스트</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_plots.py" line="238"/>
        <source>Hidden activations of a fresh network with each initialisation (std 0.01, Xavier √(1/n), He √(2/n)) on the training data</source>
        <translation>초깃값 방식별(std 0.01, Xavier √(1/n), He √(2/n)) 새 신경망의 은닉층 활성화 값 (훈련 데이터)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_plots.py" line="257"/>
        <source>Histograms</source>
        <translation>히스토그램</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_plots.py" line="258"/>
        <source>Inits: std · Xavier · He</source>
        <translation>초깃값: std · Xavier · He</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_plots.py" line="259"/>
        <source>Confusion</source>
        <translation>혼동 행렬</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/training_plots.py" line="260"/>
        <source>k-fold</source>
        <translation>k-겹</translation>
    </message>
</context>
<context>
    <name>TransportBar</name>
    <message>
        <location filename="../../ui/transport.py" line="204"/>
        <source>Reset to the start (Home)</source>
        <translation>처음으로 (Home)</translation>
    </message>
    <message>
        <location filename="../../ui/transport.py" line="205"/>
        <source>Step back (Left)</source>
        <translation>한 단계 뒤로 (Left)</translation>
    </message>
    <message>
        <location filename="../../ui/transport.py" line="206"/>
        <source>Play / pause (Space)</source>
        <translation>재생 / 일시 정지 (Space)</translation>
    </message>
    <message>
        <location filename="../../ui/transport.py" line="207"/>
        <source>Step forward (Right)</source>
        <translation>한 단계 앞으로 (Right)</translation>
    </message>
    <message>
        <location filename="../../ui/transport.py" line="208"/>
        <source>Jump to the last step (End)</source>
        <translation>마지막 단계로 (End)</translation>
    </message>
    <message>
        <location filename="../../ui/transport.py" line="209"/>
        <source>Playback speed (+ / −)</source>
        <translation>재생 속도 (+ / −)</translation>
    </message>
    <message>
        <location filename="../../ui/transport.py" line="210"/>
        <source>Quiz mode: each step first hides its result; → reveals it (F7)</source>
        <translation>퀴즈 모드: 단계마다 결과를 먼저 가리고 → 키로 공개 (F7)</translation>
    </message>
    <message>
        <location filename="../../ui/transport.py" line="211"/>
        <source>Drag to any step</source>
        <translation>끌어서 원하는 단계로 이동</translation>
    </message>
    <message>
        <location filename="../../ui/transport.py" line="214"/>
        <source>Quiz</source>
        <translation>퀴즈</translation>
    </message>
    <message>
        <location filename="../../ui/transport.py" line="217"/>
        <source>{n} steps/s</source>
        <translation>초당 {n}단계</translation>
    </message>
    <message>
        <location filename="../../ui/transport.py" line="311"/>
        <location filename="../../ui/transport.py" line="312"/>
        <source>Step {k} / {n}</source>
        <translation>단계 {k} / {n}</translation>
    </message>
</context>
<context>
    <name>ValuesModel</name>
    <message>
        <location filename="../../ui/panes/network.py" line="171"/>
        <source>element</source>
        <translation>요소</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="171"/>
        <source>w / b / x</source>
        <translation>w / b / x</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="171"/>
        <source>y</source>
        <translation>y</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="171"/>
        <source>t</source>
        <translation>t</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="172"/>
        <source>∂E/∂w·b</source>
        <translation>∂E/∂w·b</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="172"/>
        <source>new</source>
        <translation>새 값</translation>
    </message>
    <message>
        <location filename="../../ui/panes/network.py" line="231"/>
        <source>&apos;{text}&apos; is not a number</source>
        <translation>&apos;{text}&apos;은(는) 숫자가 아닙니다</translation>
    </message>
</context>
<context>
    <name>Worker</name>
    <message>
        <location filename="../../ui/worker.py" line="129"/>
        <source>The work process ended unexpectedly (exit code {code})</source>
        <translation>작업 프로세스가 예기치 않게 끝났습니다 (종료 코드 {code})</translation>
    </message>
</context>
<context>
    <name>WorkerTraining</name>
    <message>
        <location filename="../../ui/widgets/train_box.py" line="56"/>
        <source>Training…</source>
        <translation>학습 중…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/train_box.py" line="66"/>
        <source>iteration {i}: loss {loss}</source>
        <translation>반복 {i}: 손실 {loss}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/train_box.py" line="72"/>
        <source>Cancelled after {n} iterations; weights unchanged</source>
        <translation>{n}회 반복 후 취소했습니다. 가중치는 그대로입니다</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/train_box.py" line="77"/>
        <source>Trained {n} Adam steps: loss {a} → {b}</source>
        <translation>Adam으로 {n}단계 학습: 손실 {a} → {b}</translation>
    </message>
</context>
<context>
    <name>_PathRow</name>
    <message>
        <location filename="../../ui/export_dialog.py" line="75"/>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
</context>
<context>
    <name>export</name>
    <message>
        <location filename="../../ui/export.py" line="59"/>
        <source>--out must end in .png, .gif or .mp4, or be a folder ending in /: {path}</source>
        <translation>--out은 .png, .gif, .mp4로 끝나거나 /로 끝나는 폴더여야 합니다: {path}</translation>
    </message>
    <message>
        <location filename="../../ui/export.py" line="66"/>
        <source>steps must be between 0 and {n} for this lab (got {first} to {last})</source>
        <translation>이 실습에서 단계는 0에서 {n} 사이여야 합니다 (지정한 값: {first}~{last})</translation>
    </message>
    <message>
        <location filename="../../ui/export.py" line="70"/>
        <source>the first step ({first}) comes after the last ({last})</source>
        <translation>첫 단계({first})가 끝 단계({last})보다 뒤에 있습니다</translation>
    </message>
    <message>
        <location filename="../../ui/export.py" line="73"/>
        <source>--fps must be above 0 and at most {max}</source>
        <translation>--fps는 0보다 크고 {max} 이하여야 합니다</translation>
    </message>
    <message>
        <location filename="../../ui/export.py" line="77"/>
        <source>the size must be {lo} to {hi} pixels each way (got {w}×{h})</source>
        <translation>크기는 가로·세로 각각 {lo}~{hi}픽셀이어야 합니다 (지정한 값: {w}×{h})</translation>
    </message>
    <message>
        <location filename="../../ui/export.py" line="81"/>
        <source>a .png file holds one step: use --step K, or a folder ending in / for frames</source>
        <translation>.png 파일에는 한 단계만 담깁니다: --step K를 쓰거나, 프레임은 /로 끝나는 폴더에 저장하세요</translation>
    </message>
    <message>
        <location filename="../../ui/export.py" line="85"/>
        <source>MP4 needs an even width and height (got {w}×{h})</source>
        <translation>MP4는 가로와 세로가 짝수여야 합니다 (지정한 값: {w}×{h})</translation>
    </message>
    <message>
        <location filename="../../ui/export.py" line="88"/>
        <location filename="../../ui/export.py" line="184"/>
        <source>MP4 export needs the video extra: pip install nnlab[video]</source>
        <translation>MP4로 내보내려면 video 추가 기능이 필요합니다: pip install nnlab[video]</translation>
    </message>
    <message>
        <location filename="../../ui/export.py" line="235"/>
        <source>unknown export format {fmt!r}</source>
        <translation>알 수 없는 내보내기 형식 {fmt!r}</translation>
    </message>
    <message>
        <location filename="../../ui/export.py" line="274"/>
        <source>a worked solution is written as .md or .html: {path}</source>
        <translation>풀이는 .md 또는 .html로 저장합니다: {path}</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="269"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="271"/>
        <source>Exporting</source>
        <translation>내보내는 중</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="291"/>
        <source>Export cancelled; nothing was written</source>
        <translation>내보내기를 취소했습니다. 아무것도 저장하지 않았습니다</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="293"/>
        <source>Could not export</source>
        <translation>내보낼 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="301"/>
        <source>Rendering frames…</source>
        <translation>프레임 렌더링 중…</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="305"/>
        <source>{count} frames written to {path}</source>
        <translation>프레임 {count}개를 {path}에 저장했습니다</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="312"/>
        <source>Rendering diagrams…</source>
        <translation>다이어그램 렌더링 중…</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="316"/>
        <source>Worked solution written to {path}</source>
        <translation>풀이를 {path}에 저장했습니다</translation>
    </message>
</context>
<context>
    <name>labs</name>
    <message>
        <location filename="../../ui/formula.py" line="35"/>
        <source>Network</source>
        <translation>신경망</translation>
    </message>
    <message>
        <location filename="../../ui/formula.py" line="36"/>
        <source>Training</source>
        <translation>학습</translation>
    </message>
    <message>
        <location filename="../../ui/formula.py" line="37"/>
        <source>Perceptron &amp; logic gates</source>
        <translation>퍼셉트론과 논리 게이트</translation>
    </message>
    <message>
        <location filename="../../ui/formula.py" line="38"/>
        <source>Activations, losses &amp; derivatives</source>
        <translation>활성화 함수, 손실 함수와 미분</translation>
    </message>
    <message>
        <location filename="../../ui/formula.py" line="39"/>
        <source>Computational graph</source>
        <translation>계산 그래프</translation>
    </message>
    <message>
        <location filename="../../ui/formula.py" line="40"/>
        <source>Convolution</source>
        <translation>합성곱</translation>
    </message>
    <message>
        <location filename="../../ui/formula.py" line="41"/>
        <source>Pooling</source>
        <translation>풀링</translation>
    </message>
    <message>
        <location filename="../../ui/formula.py" line="42"/>
        <source>Recurrent (RNN, LSTM, GRU)</source>
        <translation>순환 신경망 (RNN, LSTM, GRU)</translation>
    </message>
    <message>
        <location filename="../../ui/formula.py" line="43"/>
        <source>Optimizers</source>
        <translation>옵티마이저</translation>
    </message>
    <message>
        <location filename="../../ui/formula.py" line="44"/>
        <source>Generative models (GAN, VAE)</source>
        <translation>생성 모델 (GAN, VAE)</translation>
    </message>
    <message>
        <location filename="../../ui/formula.py" line="45"/>
        <source>Attention (transformer)</source>
        <translation>어텐션 (트랜스포머)</translation>
    </message>
    <message>
        <location filename="../../ui/formula.py" line="46"/>
        <source>Text: tokens, embeddings, two inputs</source>
        <translation>텍스트: 토큰, 임베딩, 두 입력</translation>
    </message>
    <message>
        <location filename="../../ui/formula.py" line="47"/>
        <source>Time series: ARIMA and an LSTM</source>
        <translation>시계열: ARIMA와 LSTM</translation>
    </message>
    <message>
        <location filename="../../ui/formula.py" line="48"/>
        <source>CNN (inside a trained network)</source>
        <translation>CNN (학습된 신경망의 내부)</translation>
    </message>
</context>
<context>
    <name>notation</name>
    <message>
        <location filename="../../ui/notation.py" line="29"/>
        <source>Notation</source>
        <translation>표기법</translation>
    </message>
</context>
<context>
    <name>shortcuts</name>
    <message>
        <location filename="../../ui/shortcuts.py" line="21"/>
        <source>Play / pause</source>
        <translation>재생 / 일시 정지</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="22"/>
        <source>Step forward (in quiz mode: first the question, then the answer)</source>
        <translation>다음 단계 (퀴즈 모드에서는 먼저 문제, 다음에 답)</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="23"/>
        <source>Step back</source>
        <translation>이전 단계</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="24"/>
        <source>Back to the start</source>
        <translation>처음으로</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="25"/>
        <source>Jump to the last step</source>
        <translation>마지막 단계로</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="26"/>
        <source>Play faster</source>
        <translation>더 빠르게 재생</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="27"/>
        <source>Play slower</source>
        <translation>더 느리게 재생</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="31"/>
        <source>Close the weight editor</source>
        <translation>가중치 편집기 닫기</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="32"/>
        <source>Apply the number typed in a field</source>
        <translation>입력한 숫자 적용</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="59"/>
        <source>Keyboard shortcuts</source>
        <translation>단축키</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="67"/>
        <source>Key</source>
        <translation>키</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="67"/>
        <source>What it does</source>
        <translation>기능</translation>
    </message>
</context>
<context>
    <name>terms</name>
    <message>
        <location filename="../../ui/terms.py" line="14"/>
        <location filename="../../ui/terms.py" line="24"/>
        <source>sigmoid</source>
        <translation>시그모이드</translation>
    </message>
    <message>
        <location filename="../../ui/terms.py" line="15"/>
        <source>leaky ReLU</source>
        <translation>Leaky ReLU</translation>
    </message>
    <message>
        <location filename="../../ui/terms.py" line="15"/>
        <source>identity</source>
        <translation>항등 함수</translation>
    </message>
    <message>
        <location filename="../../ui/terms.py" line="16"/>
        <source>softmax</source>
        <translation>소프트맥스</translation>
    </message>
    <message>
        <location filename="../../ui/terms.py" line="16"/>
        <source>softplus</source>
        <translation>소프트플러스</translation>
    </message>
    <message>
        <location filename="../../ui/terms.py" line="17"/>
        <source>step</source>
        <translation>계단 함수</translation>
    </message>
    <message>
        <location filename="../../ui/terms.py" line="17"/>
        <source>sign</source>
        <translation>부호 함수</translation>
    </message>
    <message>
        <location filename="../../ui/terms.py" line="18"/>
        <source>linear</source>
        <translation>선형 함수</translation>
    </message>
    <message>
        <location filename="../../ui/terms.py" line="18"/>
        <source>piecewise linear</source>
        <translation>구간 선형 함수</translation>
    </message>
    <message>
        <location filename="../../ui/terms.py" line="23"/>
        <source>add</source>
        <translation>덧셈</translation>
    </message>
    <message>
        <location filename="../../ui/terms.py" line="23"/>
        <source>multiply</source>
        <translation>곱셈</translation>
    </message>
    <message>
        <location filename="../../ui/terms.py" line="24"/>
        <source>reciprocal</source>
        <translation>역수</translation>
    </message>
    <message>
        <location filename="../../ui/terms.py" line="25"/>
        <source>subtract</source>
        <translation>뺄셈</translation>
    </message>
    <message>
        <location filename="../../ui/terms.py" line="25"/>
        <source>divide</source>
        <translation>나눗셈</translation>
    </message>
    <message>
        <location filename="../../ui/terms.py" line="26"/>
        <source>negate</source>
        <translation>부호 반전</translation>
    </message>
    <message>
        <location filename="../../ui/terms.py" line="26"/>
        <source>power</source>
        <translation>거듭제곱</translation>
    </message>
</context>
</TS>
