// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/parameterpanel.h"

#include "session/studiosession.h"
#include "widgets/logslider.h"
#include "widgets/printsizepicker.h"
#include "widgets/settingeditor.h"

#include "brushwork/error.h"
#include "brushwork/layerspec.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLineEdit>
#include <QScopedValueRollback>
#include <QSettings>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <iterator>
#include <optional>

namespace brushwork::studio {

namespace {

struct Preset {
    const char* name;
    int iterations;        ///< in all, coarse to fine; see brushwork::planScales
    float plateauTolerance; ///< when the picture counts as no longer changing; see brushwork::PlateauRule
};
// With the early stop (the default) the tolerance decides where a run ends,
// the iterations only bound it: from the instant picture at 512 px, Draft
// stops near iteration 54, Standard near 88, Fine near 206.
const Preset kPresets[] = {{QT_TRANSLATE_NOOP("ParameterPanel", "Draft"), 150, 0.04f},
                           {QT_TRANSLATE_NOOP("ParameterPanel", "Standard"), 400, 0.02f},
                           {QT_TRANSLATE_NOOP("ParameterPanel", "Fine"), 1000, 0.005f}};
/// The quality items' role holding their tolerance (Qt::UserRole holds the iterations).
constexpr int kToleranceRole = Qt::UserRole + 1;

QComboBox* combo(const QStringList& items, int current = 0)
{
    auto* box = new QComboBox;
    box->addItems(items);
    box->setCurrentIndex(current);
    return box;
}

/// The starts mInit offers, in its order. The instant picture comes first: it
/// reaches the finished picture sooner (see StyleParams::init).
constexpr brushwork::InitKind kStarts[] = {brushwork::InitKind::Instant, brushwork::InitKind::Content,
                                           brushwork::InitKind::Noise};

int startIndex(brushwork::InitKind init)
{
    // A picture to start from is not a setting: a project keeps it as its result.
    const auto found = std::find(std::begin(kStarts), std::end(kStarts), init);
    return found == std::end(kStarts) ? 1 : int(found - std::begin(kStarts));
}

QStringList splitLayers(const QString& text)
{
    QStringList layers = text.split(',', Qt::SkipEmptyParts);
    for (QString& layer : layers)
        layer = layer.trimmed();
    return layers;
}

} // namespace

ParameterPanel::ParameterPanel(StudioSession& session, QWidget* parent)
    : QWidget(parent)
    , mSession(session)
    , mContentWeight(new LogSlider(studioMinimum("content_weight"), studioMaximum("content_weight"),
                                   brushwork::LossWeights{}.content))
    , mStyleWeight(new LogSlider(studioMinimum("style_weight"), studioMaximum("style_weight"),
                                 brushwork::LossWeights{}.style))
    , mSmoothness(new LogSlider(studioMinimum("tv_weight"), studioMaximum("tv_weight"), brushwork::LossWeights{}.tv))
    , mSize(new QSpinBox)
    , mPrint(new PrintSizePicker(mSize, session))
    , mStyleScale(new QDoubleSpinBox)
    , mQuality(new QComboBox)
    , mColours(combo({tr("Painting's colours"), tr("Photo's colours (luminance)"), tr("Photo's colours (histogram)")}))
    , mOptimizer(combo({tr("L-BFGS (fast, steady)"), tr("Adam")}))
    , mInit(combo({tr("The instant picture"), tr("The photo"), tr("Random noise")}))
    , mPooling(combo({tr("Max"), tr("Average (softer)")}))
    , mFixedSeed(new QCheckBox(tr("Fixed")))
    , mStopAtPlateau(new QCheckBox(tr("When the picture stops changing")))
    , mPlateauWindow(new QSpinBox)
    , mSeed(new QSpinBox)
    , mContentLayers(new QLineEdit)
    , mStyleLayers(new QLineEdit)
{
    const std::pair<QWidget*, const char*> described[] = {
        {mContentWeight, "content_weight"}, {mStyleWeight, "style_weight"},   {mSmoothness, "tv_weight"},
        {mSize, "size"},                    {mStyleScale, "style_scale"},     {mColours, "preserve_colors"},
        {mOptimizer, "optimizer"},          {mInit, "init"},                  {mPooling, "pooling"},
        {mFixedSeed, "seed"},               {mStopAtPlateau, "stop_at_plateau"}, {mPlateauWindow, "plateau_window"},
        {mContentLayers, "content_layers"}, {mStyleLayers, "style_layers"}};
    for (const auto& [editor, name] : described)
        describeEditor(editor, name);
    const brushwork::StyleParams defaults;
    mSize->setSingleStep(64);
    mSize->setValue(defaults.size);
    mStyleScale->setSingleStep(0.1);
    mStyleScale->setValue(defaults.styleScale);
    mPlateauWindow->setValue(defaults.plateau.window);
    for (const Preset& preset : kPresets) {
        mQuality->addItem(tr(preset.name), preset.iterations);
        mQuality->setItemData(mQuality->count() - 1, preset.plateauTolerance, kToleranceRole);
    }
    mQuality->setCurrentIndex(1);
    mQuality->setToolTip(tr("How far the picture is refined: Draft stops soonest, Fine polishes longest"));
    mSeed->setRange(0, 999999);
    mSeed->setEnabled(false);
    connect(mFixedSeed, &QCheckBox::toggled, mSeed, &QSpinBox::setEnabled);
    mStopAtPlateau->setChecked(true);

    auto* weights = new QGroupBox(tr("Balance"));
    auto* weightsForm = new QFormLayout(weights);
    weightsForm->addRow(settingLabel("content_weight"), mContentWeight);
    weightsForm->addRow(settingLabel("style_weight"), mStyleWeight);
    weightsForm->addRow(settingLabel("tv_weight"), mSmoothness);

    auto* picture = new QGroupBox(tr("Picture"));
    auto* pictureForm = new QFormLayout(picture);
    pictureForm->addRow(tr("Quality"), mQuality);
    pictureForm->addRow(settingLabel("init"), mInit);
    pictureForm->addRow(tr("For"), mPrint);
    pictureForm->addRow(settingLabel("size"), mSize);
    pictureForm->addRow(settingLabel("style_scale"), mStyleScale);
    pictureForm->addRow(settingLabel("preserve_colors"), mColours);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(weights);
    layout->addWidget(picture);
    layout->addWidget(makeAdvanced());

    for (LogSlider* slider : {mContentWeight, mStyleWeight, mSmoothness})
        connect(slider, &LogSlider::valueChanged, this, &ParameterPanel::commit);
    for (QSpinBox* box : {mSize, mSeed, mPlateauWindow})
        connect(box, &QSpinBox::valueChanged, this, &ParameterPanel::commit);
    connect(mStyleScale, &QDoubleSpinBox::valueChanged, this, &ParameterPanel::commit);
    for (QComboBox* box : {mQuality, mColours, mOptimizer, mInit, mPooling})
        connect(box, &QComboBox::currentIndexChanged, this, &ParameterPanel::commit);
    for (QCheckBox* box : {mFixedSeed, mStopAtPlateau})
        connect(box, &QCheckBox::toggled, this, &ParameterPanel::commit);
    for (QLineEdit* line : {mContentLayers, mStyleLayers})
        connect(line, &QLineEdit::textChanged, this, &ParameterPanel::commit);
    connect(&mSession, &StudioSession::settingsChanged, this, &ParameterPanel::showSettings);
    commit();
}

QWidget* ParameterPanel::makeAdvanced()
{
    auto* toggle = new QToolButton;
    toggle->setText(tr("Advanced"));
    toggle->setCheckable(true);
    toggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toggle->setArrowType(Qt::RightArrow);
    toggle->setAutoRaise(true);

    auto* body = new QWidget;
    auto* form = new QFormLayout(body);
    form->setContentsMargins(12, 0, 0, 0);
    form->addRow(settingLabel("optimizer"), mOptimizer);
    form->addRow(settingLabel("pooling"), mPooling);
    auto* seedRow = new QHBoxLayout;
    seedRow->addWidget(mFixedSeed);
    seedRow->addWidget(mSeed, 1);
    form->addRow(settingLabel("seed"), seedRow);
    form->addRow(settingLabel("stop_at_plateau"), mStopAtPlateau);
    form->addRow(settingLabel("plateau_window"), mPlateauWindow);
    mContentLayers->setPlaceholderText(tr("network default, e.g. relu4_2"));
    mStyleLayers->setObjectName("styleLayers");
    mStyleLayers->setPlaceholderText(tr("network default, e.g. relu1_1,relu2_1:0.5"));
    form->addRow(settingLabel("content_layers"), mContentLayers);
    form->addRow(settingLabel("style_layers"), mStyleLayers);
    body->setVisible(false);

    connect(toggle, &QToolButton::toggled, body, [toggle, body](bool open) {
        body->setVisible(open);
        toggle->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
    });
    auto* box = new QWidget;
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(toggle);
    layout->addWidget(body);
    return box;
}

void ParameterPanel::commit()
{
    if (mSyncing)
        return;
    const QScopedValueRollback<bool> syncing(mSyncing, true);
    using namespace brushwork;
    StyleParams p;
    p.size = mSize->value();
    p.iterations = mQuality->currentData().toInt();
    p.weights.content = float(mContentWeight->value());
    p.weights.style = float(mStyleWeight->value());
    p.weights.tv = float(mSmoothness->value());
    p.styleScale = float(mStyleScale->value());
    p.colour = ColourMode(mColours->currentIndex());
    p.optimizer = mOptimizer->currentIndex() == 1 ? OptimizerKind::Adam : OptimizerKind::Lbfgs;
    p.init = kStarts[mInit->currentIndex()];
    p.pooling = mPooling->currentIndex() == 1 ? Pooling::Average : Pooling::Max;
    p.stopAtPlateau = mStopAtPlateau->isChecked();
    p.seamless = mSession.settings().seamless; // the Regions panel's "Tileable"
    if (const QVariant tolerance = mQuality->currentData(kToleranceRole); tolerance.isValid())
        p.plateau.tolerance = tolerance.toFloat();
    p.plateau.window = mPlateauWindow->value();
    if (mFixedSeed->isChecked())
        p.seed = std::uint64_t(mSeed->value());
    for (const QString& layer : splitLayers(mContentLayers->text()))
        p.contentLayers.push_back(layer.toStdString());
    // Typing a layer's weight passes through text that is no number yet;
    // the layers stay as they were and Start says what is wrong.
    std::optional<Error> unreadable;
    try {
        p.styleLayers = parseStyleLayers(mStyleLayers->text().toStdString());
    } catch (const Error& error) {
        p.styleLayers = mSession.settings().styleLayers;
        unreadable = error;
    }
    mSession.setSettings(p, unreadable);
}

void ParameterPanel::showSettings()
{
    if (mSyncing)
        return;
    {
        const QScopedValueRollback<bool> syncing(mSyncing, true);
        showInEditors(mSession.settings());
    }
    // The session keeps what the editors show: e.g. a project's start from
    // its own picture is not a setting, and reads as the photo.
    commit();
}

void ParameterPanel::showInEditors(const brushwork::StyleParams& p)
{
    using namespace brushwork;
    mContentWeight->setValue(p.weights.content);
    mStyleWeight->setValue(p.weights.style);
    mSmoothness->setValue(p.weights.tv);
    int quality = mQuality->findData(p.iterations);
    if (quality < 0) {
        mQuality->addItem(tr("Custom (%1 iterations)").arg(p.iterations), p.iterations);
        quality = mQuality->count() - 1;
        mQuality->setItemData(quality, p.plateau.tolerance, kToleranceRole);
    }
    mQuality->setCurrentIndex(quality);
    mSize->setMaximum(std::max(mSize->maximum(), p.size));
    mSize->setValue(p.size);
    mStyleScale->setValue(p.styleScale);
    mColours->setCurrentIndex(int(p.colour));
    mOptimizer->setCurrentIndex(p.optimizer == OptimizerKind::Adam ? 1 : 0);
    mInit->setCurrentIndex(startIndex(p.init));
    mPooling->setCurrentIndex(p.pooling == Pooling::Average ? 1 : 0);
    mFixedSeed->setChecked(p.seed.has_value());
    mStopAtPlateau->setChecked(p.stopAtPlateau);
    mPlateauWindow->setMaximum(std::max(mPlateauWindow->maximum(), p.plateau.window));
    mPlateauWindow->setValue(p.plateau.window);
    if (p.seed)
        mSeed->setValue(int(std::min<std::uint64_t>(*p.seed, std::uint64_t(mSeed->maximum()))));
    QStringList content;
    for (const std::string& layer : p.contentLayers)
        content << QString::fromStdString(layer);
    mContentLayers->setText(content.join(','));
    mStyleLayers->setText(QString::fromStdString(styleLayersText(p.styleLayers)));
}

void ParameterPanel::save(QSettings& settings) const
{
    settings.setValue("contentWeight", mContentWeight->value());
    settings.setValue("styleWeight", mStyleWeight->value());
    settings.setValue("smoothness", mSmoothness->value());
    settings.setValue("size", mSize->value());
    settings.setValue("styleScale", mStyleScale->value());
    settings.setValue("quality", mQuality->currentIndex());
    settings.setValue("colours", mColours->currentIndex());
    settings.setValue("optimizer", mOptimizer->currentIndex());
    settings.setValue("startFrom", mInit->currentIndex());
    settings.setValue("pooling", mPooling->currentIndex());
    settings.setValue("fixedSeed", mFixedSeed->isChecked());
    settings.setValue("stopAtPlateau", mStopAtPlateau->isChecked());
    settings.setValue("plateauWindow", mPlateauWindow->value());
    settings.setValue("seed", mSeed->value());
    settings.setValue("contentLayers", mContentLayers->text());
    settings.setValue("styleLayers", mStyleLayers->text());
    mPrint->save(settings);
}

void ParameterPanel::restore(const QSettings& settings)
{
    mContentWeight->setValue(settings.value("contentWeight", mContentWeight->value()).toDouble());
    mStyleWeight->setValue(settings.value("styleWeight", mStyleWeight->value()).toDouble());
    mSmoothness->setValue(settings.value("smoothness", mSmoothness->value()).toDouble());
    mSize->setValue(settings.value("size", mSize->value()).toInt());
    mStyleScale->setValue(settings.value("styleScale", mStyleScale->value()).toDouble());
    mQuality->setCurrentIndex(settings.value("quality", mQuality->currentIndex()).toInt());
    mColours->setCurrentIndex(settings.value("colours", mColours->currentIndex()).toInt());
    mOptimizer->setCurrentIndex(settings.value("optimizer", mOptimizer->currentIndex()).toInt());
    mInit->setCurrentIndex(std::clamp(settings.value("startFrom", mInit->currentIndex()).toInt(), 0, 2));
    mPooling->setCurrentIndex(settings.value("pooling", mPooling->currentIndex()).toInt());
    mFixedSeed->setChecked(settings.value("fixedSeed", false).toBool());
    mStopAtPlateau->setChecked(settings.value("stopAtPlateau", true).toBool());
    mPlateauWindow->setValue(settings.value("plateauWindow", mPlateauWindow->value()).toInt());
    mSeed->setValue(settings.value("seed", 0).toInt());
    mContentLayers->setText(settings.value("contentLayers").toString());
    mStyleLayers->setText(settings.value("styleLayers").toString());
    mPrint->restore(settings);
}

} // namespace brushwork::studio
